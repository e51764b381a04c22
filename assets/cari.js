// Search page enhancement: reads ?q= and the filters from the URL, asks
// Pagefind, lists ranked results inside #hasil-pencarian. Pagefind has no
// synonyms and no typo tolerance, so the query is first rewritten with the
// catalogue glossary (ganti, kata_umum) and, when words are unknown to the
// site's vocabulary, corrected by edit distance. Without JavaScript the
// page points to the A-Z list. The page's language brings its own index
// (data-akar: en/ holds en/pagefind/) and its strings (data-teks).
const formulir = document.getElementById("formulir-cari");
const akar = new URL(formulir.dataset.akar || "../", import.meta.url);
const JUMLAH_HASIL = 10;
const SARINGAN = ["kategori", "instansi", "tingkat", "kanal"];
const T = JSON.parse(formulir.dataset.teks);
const f = (s, isi) => s.replace(/\{(\w+)\}/g, (_, k) => isi[k]);

const kotak = document.getElementById("kotak-cari");
const hasil = document.getElementById("hasil-pencarian");
const status = document.getElementById("status-pencarian");
const koreksi = document.getElementById("koreksi-pencarian");
const bantuan = document.getElementById("bantuan-cari");
const aturan = JSON.parse(formulir.dataset.kueri || "{}");
const ganti = aturan.ganti || {};
const umum = new Set(aturan.umum || []);
document.getElementById("tanpa-skrip").hidden = true;

const param = new URLSearchParams(location.search);
// A large catalogue is indexed in shards (sipraja/search.py): regency-wide
// services in pagefind/, local units per kecamatan in pagefind/kec-*/ (listed
// in wilayah.json). The first query loads only the main index;
// ?kecamatan=KODE (or "semua") merges that shard in. The form says whether
// this site has shards, so a small catalogue never asks for wilayah.json.
const adaPecahan = formulir.dataset.pecahan === "1";
const kecamatan = adaPecahan ? param.get("kecamatan") || "" : "";

let pagefind = null;
let wilayah = [];
async function muatPagefind() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", akar).href);
    // noWorker: the worker script would cost ~12 KB more on the first query
    await pagefind.options({ baseUrl: akar.pathname, noWorker: true });
    if (kecamatan) {
      wilayah = await muatWilayah();
      for (const w of wilayah) {
        if (kecamatan === "semua" || w.kode === kecamatan) {
          await pagefind.mergeIndex(new URL(`pagefind/${w.folder}`, akar).pathname, { baseUrl: akar.pathname });
        }
      }
    }
  }
  return pagefind;
}

async function muatWilayah() {
  const r = await fetch(new URL("pagefind/wilayah.json", akar));
  return r.ok ? r.json() : [];
}

// Links to search the same words in one kecamatan's local units, or in all.
function tautanWilayah(q) {
  if (!wilayah.length) return;
  const nav = document.createElement("nav");
  nav.setAttribute("aria-label", T.setempat);
  const p = document.createElement("p");
  p.textContent = T.setempat_isi;
  const ul = document.createElement("ul");
  ul.className = "sebaris";
  for (const w of [{ kode: "semua", nama: T.semua_kecamatan }, ...wilayah]) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `?${new URLSearchParams({ q, kecamatan: w.kode })}`;
    a.textContent = w.kode === "semua" ? w.nama : f(T.kec, w);
    if (w.kode === kecamatan) a.setAttribute("aria-current", "page");
    li.append(a);
    ul.append(li);
  }
  nav.append(p, ul);
  bantuan.before(nav);
}

// The index's vocabulary, one small file per first letter, fetched as needed.
const kosakata = new Map();
function bagianKosakata(w) {
  const huruf = /^[a-z]/.test(w) ? w[0] : "0";
  if (!kosakata.has(huruf)) {
    kosakata.set(huruf, fetch(new URL(`cari/kosakata/${huruf}.json`, akar)).then((r) => (r.ok ? r.json() : {})).catch(() => ({})));
  }
  return kosakata.get(huruf);
}

// Same word split as the build's glossary (sipraja/glosarium.py).
const kata = (teks) => teks.toLowerCase().match(/[0-9a-z]+(?:-[0-9a-z]+)*/g) || [];

// Rewrite: colloquial/Javanese words and phrases to the standard ones, the
// longest phrase first ("surat izin mengemudi" -> "sim"), then drop question
// words ("bagaimana cara ... syaratnya apa").
const panjangGanti = Math.max(1, ...Object.keys(ganti).map((k) => k.split(" ").length));
function tulisUlang(q) {
  const w = kata(q);
  const ganti2 = [];
  for (let i = 0; i < w.length; i++) {
    let n = Math.min(panjangGanti, w.length - i);
    while (n > 1 && !ganti[w.slice(i, i + n).join(" ")]) n--;
    const frasa = w.slice(i, i + n).join(" ");
    ganti2.push(...kata(ganti[frasa] || frasa));
    i += n - 1;
  }
  const inti = ganti2.filter((x) => !umum.has(x));
  return (inti.length ? inti : ganti2).join(" ");
}

// Optimal string alignment distance, stopping early past `batas`.
function jarak(a, b, batas) {
  if (Math.abs(a.length - b.length) > batas) return batas + 1;
  let dua = null, satu = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const kini = [i];
    let terkecil = i;
    for (let j = 1; j <= b.length; j++) {
      const biaya = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(satu[j] + 1, kini[j - 1] + 1, satu[j - 1] + biaya);
      if (dua && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, dua[j - 2] + 1);
      kini.push(d);
      terkecil = Math.min(terkecil, d);
    }
    if (terkecil > batas) return batas + 1;
    dua = satu;
    satu = kini;
  }
  return satu[b.length];
}

function perbaikiKata(w, kamus) {
  const batas = w.length <= 5 ? 1 : 2;
  let terbaik = w, skor = [batas + 1, 0];
  for (const [k, frek] of Object.entries(kamus)) {
    const d = jarak(w, k, batas);
    if (d <= batas && (d < skor[0] || (d === skor[0] && frek > skor[1]))) { terbaik = k; skor = [d, frek]; }
  }
  return terbaik;
}

// Pagefind answers an unknown word with partial matches ("skcj" finds every
// "sk..."), so whether a word is known is asked of the index's own
// vocabulary; only unknown words are corrected.
async function perbaiki(q) {
  const hasil = [];
  for (const w of q.split(" ")) {
    if (w.length < 3 || /^[0-9-]+$/.test(w)) { hasil.push(w); continue; }
    const kamus = await bagianKosakata(w);
    hasil.push(w in kamus ? w : perbaikiKata(w, kamus));
  }
  return hasil.filter((x) => !umum.has(x)).join(" ") || q;
}

// Pagefind scores each page; when no page holds every word, search word by
// word and add the scores, so a long question still finds its service.
async function cariPerKata(pf, q, filters) {
  const skor = new Map();
  for (const w of q.split(" ")) {
    const r = await pf.search(w, { filters });
    for (const x of r.results) {
      const lama = skor.get(x.id);
      skor.set(x.id, { hasil: x, skor: (lama ? lama.skor : 0) + x.score });
    }
  }
  return [...skor.values()].sort((a, b) => b.skor - a.skor).map((v) => v.hasil);
}

// Excerpts are HTML with <mark>; copy only text and <mark> so nothing
// else from an excerpt can become markup.
function cuplikan(html) {
  const p = document.createElement("p");
  const t = document.createElement("template");
  t.innerHTML = html;
  for (const node of t.content.childNodes) {
    if (node.nodeName === "MARK") {
      const m = document.createElement("mark");
      m.textContent = node.textContent;
      p.append(m);
    } else {
      p.append(node.textContent);
    }
  }
  return p;
}

async function tampilkan(daftar) {
  const data = await Promise.all(daftar.slice(0, JUMLAH_HASIL).map((r) => r.data()));
  const ol = document.createElement("ol");
  for (const d of data) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = d.url;
    a.textContent = d.meta.title;
    li.append(a, cuplikan(d.excerpt));
    ol.append(li);
  }
  if (data.length) hasil.append(ol);
}

async function cari(q, filters) {
  hasil.replaceChildren();
  bantuan.hidden = true;
  koreksi.hidden = true;
  const adaSaringan = Object.keys(filters).length > 0;
  if (!q && !adaSaringan) {
    status.textContent = "";
    return;
  }
  status.textContent = T.mencari;
  const pf = await muatPagefind();
  const ditulis = q ? tulisUlang(q) : null;
  const [jawaban, dikoreksi] = await Promise.all([pf.search(ditulis, { filters }), ditulis ? perbaiki(ditulis) : null]);
  let daftar = jawaban.results;
  let dipakai = ditulis;
  if (ditulis) {
    if (dikoreksi !== ditulis) {
      // an unknown word is almost always a typo: the corrected query decides
      const lain = (await pf.search(dikoreksi, { filters })).results;
      if (lain.length || !daftar.length) {
        daftar = lain;
        dipakai = dikoreksi;
        koreksi.textContent = f(T.koreksi, { q: dikoreksi });
        koreksi.hidden = false;
      }
    }
    if (!daftar.length && dipakai.includes(" ")) daftar = await cariPerKata(pf, dipakai, filters);
  }
  await tampilkan(daftar);
  const total = daftar.length;
  // the live status line names the words actually searched, so a screen reader hears the correction too
  const untuk = !q ? "" : !koreksi.hidden ? f(T.untuk_koreksi, { q: dikoreksi, ketik: q }) : f(T.untuk, { q });
  status.textContent = total
    ? `${f(T.hasil, { jumlah: total, untuk })}${total > JUMLAH_HASIL ? f(T.teratas, { jumlah: JUMLAH_HASIL }) : ""}.`
    : f(T.kosong, { untuk });
  bantuan.hidden = total > 0;
  if (adaPecahan && q) {
    if (!kecamatan) wilayah = await muatWilayah(); // after the results: never in the way of the first answer
    tautanWilayah(q);
  }
}

const q = (param.get("q") || "").trim();
kotak.value = q;
const filters = {};
for (const nama of SARINGAN) {
  const nilai = param.get(nama);
  const pilih = document.getElementById(`saring-${nama}`);
  if (nilai && pilih) {
    filters[nama] = nilai;
    pilih.value = nilai;
    document.getElementById("saringan").open = true;
  }
}
cari(q, filters).catch((e) => {
  status.textContent = T.gagal;
  document.getElementById("tanpa-skrip").hidden = false;
  console.error(e);
});

// Keep shared URLs short: unset filters are not sent.
formulir.addEventListener("submit", () => {
  for (const nama of SARINGAN) {
    const pilih = document.getElementById(`saring-${nama}`);
    if (pilih && !pilih.value) pilih.disabled = true;
  }
});

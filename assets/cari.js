// Search page enhancement: reads ?q=, asks Pagefind, lists ranked results
// inside #hasil-pencarian. Without JavaScript the page points to the A-Z list.
const akar = new URL("../", import.meta.url);
const JUMLAH_HASIL = 10;

const kotak = document.getElementById("kotak-cari");
const hasil = document.getElementById("hasil-pencarian");
const status = document.getElementById("status-pencarian");
const bantuan = document.getElementById("bantuan-cari");
document.getElementById("tanpa-skrip").hidden = true;

const param = new URLSearchParams(location.search);
// A large catalogue is indexed in shards: regency-wide services in pagefind/,
// local units per kecamatan in pagefind/kec-*/ (listed in wilayah.json).
// The first query loads only the main index; ?kecamatan=KODE (or "semua")
// merges that shard in.
const kecamatan = param.get("kecamatan") || "";

let pagefind = null;
let wilayah = [];
async function muatPagefind() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", akar).href);
    await pagefind.options({ baseUrl: akar.pathname });
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
  nav.setAttribute("aria-label", "Cari di layanan setempat");
  const p = document.createElement("p");
  p.textContent = "Cari juga di layanan setempat (UPT, puskesmas, unit di desa) per kecamatan:";
  const ul = document.createElement("ul");
  ul.className = "sebaris";
  for (const w of [{ kode: "semua", nama: "Semua kecamatan" }, ...wilayah]) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = `?${new URLSearchParams({ q, kecamatan: w.kode })}`;
    a.textContent = w.kode === "semua" ? w.nama : `Kec. ${w.nama}`;
    if (w.kode === kecamatan) a.setAttribute("aria-current", "page");
    li.append(a);
    ul.append(li);
  }
  nav.append(p, ul);
  bantuan.before(nav);
}

// Pagefind excerpts are HTML with <mark>; copy only text and <mark> so
// nothing else from an excerpt can become markup.
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

async function cari(q) {
  hasil.replaceChildren();
  bantuan.hidden = true;
  if (!q) {
    status.textContent = "";
    return;
  }
  status.textContent = "Mencari…";
  const pf = await muatPagefind();
  const jawaban = await pf.search(q);
  const data = await Promise.all(jawaban.results.slice(0, JUMLAH_HASIL).map((r) => r.data()));
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
  const total = jawaban.results.length;
  status.textContent = total
    ? `${total} hasil untuk “${q}”${total > JUMLAH_HASIL ? `, ${JUMLAH_HASIL} teratas ditampilkan` : ""}.`
    : `Tidak ada hasil untuk “${q}”.`;
  bantuan.hidden = total > 0;
  if (!kecamatan) wilayah = await muatWilayah(); // after the results: never in the way of the first answer
  tautanWilayah(q);
}

const q = (param.get("q") || "").trim();
kotak.value = q;
cari(q).catch((e) => {
  status.textContent = "Pencarian gagal dimuat. Gunakan daftar layanan A–Z.";
  document.getElementById("tanpa-skrip").hidden = false;
  console.error(e);
});

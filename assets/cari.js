// Search page enhancement: reads ?q=, asks Pagefind, lists ranked results
// inside #hasil-pencarian. Without JavaScript the page points to the A-Z list.
const akar = new URL("../", import.meta.url);
const JUMLAH_HASIL = 10;

const kotak = document.getElementById("kotak-cari");
const hasil = document.getElementById("hasil-pencarian");
const status = document.getElementById("status-pencarian");
const bantuan = document.getElementById("bantuan-cari");
document.getElementById("tanpa-skrip").hidden = true;

let pagefind = null;
async function muatPagefind() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", akar).href);
    await pagefind.options({ baseUrl: akar.pathname });
  }
  return pagefind;
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
}

const q = (new URLSearchParams(location.search).get("q") || "").trim();
kotak.value = q;
cari(q).catch((e) => {
  status.textContent = "Pencarian gagal dimuat. Gunakan daftar layanan A–Z.";
  document.getElementById("tanpa-skrip").hidden = false;
  console.error(e);
});

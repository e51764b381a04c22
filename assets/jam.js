// "Buka sekarang / tutup" beside each table of opening hours, in Asia/Jakarta
// time (WIB) whatever the reader's own clock zone. The hours themselves are
// always in the page as text; this only adds a hint. Public holidays are not
// known here, so the hint says so. The words come in the page's language
// from data-teks (templates/bahasa/*.yaml).
(function () {
  var el = document.querySelectorAll(".status-buka[data-jam]");
  if (!el.length || !window.Intl) return;
  var NOMOR = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
  var bagian = {};
  new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Jakarta", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date()).forEach(function (p) { bagian[p.type] = p.value; });
  var hari = NOMOR[bagian.weekday];
  var menit = Number(bagian.hour) * 60 + Number(bagian.minute);
  function keMenit(j) { return Number(j.slice(0, 2)) * 60 + Number(j.slice(3, 5)); }
  function f(s, isi) { return s.replace(/\{(\w+)\}/g, function (_, k) { return isi[k]; }); }
  el.forEach(function (p) {
    var jam, T;
    try { jam = JSON.parse(p.getAttribute("data-jam")); T = JSON.parse(p.getAttribute("data-teks")); } catch (e) { return; }
    var buka = null, berikut = null;
    for (var i = 0; i < 8 && !berikut; i++) {
      var h = ((hari - 1 + i) % 7) + 1;
      jam.filter(function (j) { return j.h.indexOf(h) >= 0; })
        .sort(function (a, b) { return keMenit(a.b) - keMenit(b.b); })
        .forEach(function (j) {
          if (i === 0 && menit >= keMenit(j.b) && menit < keMenit(j.t)) buka = j;
          else if (!berikut && (i > 0 || menit < keMenit(j.b))) berikut = { h: h, j: j, hariIni: i === 0 };
        });
    }
    var teks;
    if (buka) {
      teks = f(T.buka, { tutup: buka.t });
      p.className = "status-buka buka";
    } else {
      teks = T.tutup + (berikut ? f(T.buka_lagi, { hari: berikut.hariIni ? T.hari_ini : T.hari[berikut.h - 1], buka: berikut.j.b }) : "");
      p.className = "status-buka tutup";
    }
    p.textContent = teks + T.catatan;
    p.hidden = false;
  });
})();

// "Buka sekarang / tutup" beside each table of opening hours, in Asia/Jakarta
// time (WIB) whatever the reader's own clock zone. The hours themselves are
// always in the page as text; this only adds a hint. Public holidays are not
// known here, so the hint says so.
(function () {
  var el = document.querySelectorAll(".status-buka[data-jam]");
  if (!el.length || !window.Intl) return;
  var HARI = ["", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"];
  var NOMOR = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
  var bagian = {};
  new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Jakarta", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .formatToParts(new Date()).forEach(function (p) { bagian[p.type] = p.value; });
  var hari = NOMOR[bagian.weekday];
  var menit = Number(bagian.hour) * 60 + Number(bagian.minute);
  function keMenit(j) { return Number(j.slice(0, 2)) * 60 + Number(j.slice(3, 5)); }
  el.forEach(function (p) {
    var jam;
    try { jam = JSON.parse(p.getAttribute("data-jam")); } catch (e) { return; }
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
      teks = "Buka sekarang, sampai pukul " + buka.t + " WIB";
      p.className = "status-buka buka";
    } else {
      teks = "Tutup sekarang" + (berikut ? "; buka lagi " + (berikut.hariIni ? "hari ini" : HARI[berikut.h]) + " pukul " + berikut.j.b + " WIB" : "");
      p.className = "status-buka tutup";
    }
    p.textContent = teks + " (menurut jadwal; kecuali hari libur).";
    p.hidden = false;
  });
})();

// Registers the service worker that keeps visited pages readable offline
// (see /sw.js). The site works the same without it. A page loaded before the
// worker ran is not stored by it, so this page then names itself and the
// files it used. Not on the search page: its results need the network anyway,
// and its first query stays as light as it was.
if ("serviceWorker" in navigator && window.isSecureContext && !document.getElementById("hasil-pencarian")) {
  var sw = new URL("../sw.js", document.currentScript.src);
  var sendiri = !navigator.serviceWorker.controller;
  navigator.serviceWorker.register(sw.href, { scope: new URL("./", sw).pathname }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (reg) {
    return document.readyState === "complete" ? reg : new Promise(function (selesai) {
      addEventListener("load", function () { selesai(reg); });
    });
  }).then(function (reg) {
    if (!sendiri || !reg.active) return;
    var berkas = performance.getEntriesByType("resource").map(function (r) { return r.name; })
      .filter(function (u) { return new URL(u).origin === location.origin; });
    reg.active.postMessage({ simpan: location.href, berkas: berkas });
  }).catch(function () {});
}

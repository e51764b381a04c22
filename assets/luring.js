// Registers the service worker that keeps visited pages readable offline
// (see /sw.js). The site works the same without it.
if ("serviceWorker" in navigator && window.isSecureContext) {
  var sw = new URL("../sw.js", document.currentScript.src);
  navigator.serviceWorker.register(sw.href, { scope: new URL("./", sw).pathname }).catch(function () {});
}

// The course site's search, opened from disk: a stand-in for Web Workers, which a browser refuses
// to start from a file:// page. The site's search runs its index in a worker; here the worker's
// script runs in a hidden frame of the page instead, and messages go between them as a worker's
// would. offline/site.py lists this file in the site's `extra.polyfills` (its name must hold
// "iframe-worker", or the generator adds a polyfill from a CDN). Served over http(s), the page
// keeps the browser's own workers: this file then does nothing.
(function () {
  "use strict";
  if (location.protocol !== "file:") {
    return;
  }

  class IframeWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      document.body.appendChild(this.frame);
      const scope = this.frame.contentWindow;
      // What the worker's script calls as a worker's global: postMessage reaches this page.
      scope.postMessage = (data) => this.deliver(data);
      this.loaded = new Promise((resolve) => {
        const script = scope.document.createElement("script");
        script.src = new URL(url, location.href).href;
        script.onload = resolve;
        script.onerror = () => {
          const event = new ErrorEvent("error", { message: "cannot load " + script.src });
          this.dispatchEvent(event);
          if (this.onerror) {
            this.onerror(event);
          }
        };
        scope.document.body.appendChild(script);
      });
    }

    // A message from the worker's script, to this page's listeners.
    deliver(data) {
      const event = new MessageEvent("message", { data: data });
      this.dispatchEvent(event);
      if (this.onmessage) {
        this.onmessage(event);
      }
    }

    // A message from this page, to the worker's script, once it has loaded.
    postMessage(data) {
      this.loaded.then(() => {
        const scope = this.frame.contentWindow;
        scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
      });
    }

    terminate() {
      this.frame.remove();
    }
  }

  window.Worker = IframeWorker;
})();

/*
 * The console's only script: live refresh, an extra over pages that work without it. A region with data-poll fetches its own
 * URL every data-interval ms while it says data-live="true": the tiles of a job fill in as their state changes (an unchanged
 * tile keeps its image), and other regions are replaced whole. Served from our origin, so the CSP allows no inline script.
 */
(function () {
  'use strict';

  function merge(region, fresh) {
    if (!region.querySelector('[data-state]')) {
      region.replaceWith(document.importNode(fresh, true));
      return document.getElementById(fresh.id);
    }
    fresh.querySelectorAll('[data-state]').forEach(function (node) {
      var old = document.getElementById(node.id);
      if (old && old.getAttribute('data-state') !== node.getAttribute('data-state')) {
        old.replaceWith(document.importNode(node, true));
      }
    });
    fresh.querySelectorAll('[data-text]').forEach(function (node) {
      var old = document.getElementById(node.id);
      if (old && old.innerHTML !== node.innerHTML) {
        old.innerHTML = node.innerHTML;
      }
    });
    region.setAttribute('data-live', fresh.getAttribute('data-live'));
    return region;
  }

  function poll(region) {
    var url = region.getAttribute('data-poll');
    var every = parseInt(region.getAttribute('data-interval') || '1000', 10);
    var reload = region.hasAttribute('data-reload-when-done');
    var id = region.id;
    function tick() {
      fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } }).then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.text();
      }).then(function (html) {
        // a table's rows parse only inside a table: the fragment may begin with the template's indentation
        var doc = new DOMParser().parseFromString(/^\s*<tbody/i.test(html) ? '<table>' + html + '</table>' : html,
          'text/html');
        var fresh = doc.getElementById(id);
        var current = document.getElementById(id);
        if (!fresh || !current) {
          return;
        }
        merge(current, fresh);
        if (fresh.getAttribute('data-live') === 'true') {
          setTimeout(tick, every);
        } else if (reload) {
          window.location.reload();
        }
      }).catch(function () {
        setTimeout(tick, every * 5);
      });
    }
    setTimeout(tick, every);
  }

  document.querySelectorAll('[data-poll]').forEach(poll);
}());

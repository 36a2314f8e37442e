// Injected by html_report_chromium_test.cmake into a test-only copy of report.html (the shipped
// page has no script): measures the layout and writes it into the DOM for --dump-dom.
(function () {
  var doc = document.documentElement, probe = document.createElement('div');
  var matrix = document.getElementById('matrix'), attention = document.getElementById('attention');
  var widest = '', right = 0, all = document.querySelectorAll('body *');
  for (var i = 0; i < all.length; i++) {
    if (all[i].closest('pre')) continue;  // a <pre> scrolls inside itself
    var r = all[i].getBoundingClientRect();
    if (r.width > 0 && r.right > right) {
      right = r.right;
      widest = all[i].tagName + '#' + all[i].id + '.' + all[i].className + ' right ' + Math.ceil(r.right);
    }
  }
  var m = matrix.getBoundingClientRect();
  var set = function (k, v) { probe.setAttribute('data-' + k, String(v)); };
  set('scroll-width', doc.scrollWidth);
  set('client-width', doc.clientWidth);
  set('matrix-right', Math.ceil(m.right));
  set('matrix-scroll-width', matrix.scrollWidth);
  set('matrix-client-width', matrix.clientWidth);
  set('matrix-top', Math.round(m.top + window.scrollY));
  set('matrix-bottom', Math.round(m.bottom + window.scrollY));
  set('matrix-links', matrix.querySelectorAll('a[href^="#case-"]').length);
  set('attention-top', Math.round(attention.getBoundingClientRect().top + window.scrollY));
  set('widest', widest);
  set('background', getComputedStyle(document.body).backgroundColor);
  probe.id = 'layout-probe';
  document.body.appendChild(probe);
})();

// The "Sao chép" buttons of the preview's broadcast page: shown only with JavaScript; the
// clipboard API where the page is a secure context (127.0.0.1), else the textarea's selection.
document.querySelectorAll('button[data-copy]').forEach(function (b) {
  var box = document.getElementById(b.getAttribute('data-copy'));
  var status = b.nextElementSibling;
  b.hidden = false;
  b.addEventListener('click', function () {
    var done = function () { status.textContent = 'Đã chép.'; };
    var select = function () {
      box.focus();
      box.select();
      if (document.execCommand && document.execCommand('copy')) done();
      else status.textContent = 'Đã chọn chữ: bấm Ctrl+C để chép.';
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(box.value).then(done, select);
    else select();
  });
});

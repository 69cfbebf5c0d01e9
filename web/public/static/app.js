// Progressive enhancement only: every page works without this file.
(() => {
  var buttons = document.querySelectorAll(".js-print");
  var i;
  for (i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", () => {
      window.print();
    });
  }
  // Disable a submit button once its form is sent, so a double click sends one request.
  document.addEventListener("submit", (e) => {
    var btns = e.target.querySelectorAll("button[type=submit]");
    var j;
    for (j = 0; j < btns.length; j++) btns[j].disabled = true;
  });
})();

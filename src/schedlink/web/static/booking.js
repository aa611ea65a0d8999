// The Booking tab's small enhancements. Every page works without this file: menus are then shown
// in place and texts can be selected by hand.
(function () {
  "use strict";

  function setUpNotices() {
    var button = document.getElementById("notices-button");
    var menu = document.getElementById("notices-menu");
    if (!button || !menu) return;

    function open() {
      menu.hidden = false;
      button.setAttribute("aria-expanded", "true");
    }
    function close(returnFocus) {
      menu.hidden = true;
      button.setAttribute("aria-expanded", "false");
      if (returnFocus) button.focus();
    }
    button.addEventListener("click", function () {
      if (menu.hidden) open(); else close(false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !menu.hidden) {
        event.preventDefault();
        close(true);
      }
    });
    document.addEventListener("click", function (event) {
      if (!menu.hidden && !menu.contains(event.target) && !button.contains(event.target)) close(false);
    });
  }

  function setUpCopyButtons() {
    var buttons = document.querySelectorAll("button[data-copy]");
    if (!navigator.clipboard) return;
    buttons.forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = document.getElementById(
        button.getAttribute("data-copy-status") || button.getAttribute("data-copy") + "-status"
      );
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent).then(
          function () { announce(status, "Copied"); },
          function () { announce(status, "Copy failed: select the text and copy it by hand"); }
        );
      });
    });
  }

  function announce(status, text) {
    if (!status) return;
    status.textContent = text;
    window.clearTimeout(status._timer);
    status._timer = window.setTimeout(function () { status.textContent = ""; }, 4000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpNotices();
    setUpCopyButtons();
  });
})();

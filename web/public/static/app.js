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

  function setButtons(form, disabled) {
    var btns = form.querySelectorAll("button[type=submit]");
    var j;
    for (j = 0; j < btns.length; j++) btns[j].disabled = disabled;
  }

  // A form is sent once: a second click (or Enter) while the first request is under way is ignored.
  // The buttons are disabled only after the browser has read the form, because a disabled submit
  // button would leave out its own name and value ("publish", "new_candidate", ...).
  document.addEventListener("submit", (e) => {
    var form = e.target;
    if (form.getAttribute("data-sent")) {
      e.preventDefault();
      return;
    }
    form.setAttribute("data-sent", "1");
    setTimeout(() => {
      setButtons(form, true);
    }, 0);
  });

  // Back to a page kept in memory (the back/forward cache): its forms may be sent again.
  window.addEventListener("pageshow", (e) => {
    if (!e.persisted) return;
    var sent = document.querySelectorAll("form[data-sent]");
    var k;
    for (k = 0; k < sent.length; k++) {
      sent[k].removeAttribute("data-sent");
      setButtons(sent[k], false);
    }
  });

  // The big screen: turnout while the vote is open, the result the moment it closes. It polls the
  // status every two seconds, keeps showing the last figures through a network loss, and says so.
  const screen = document.querySelector(".screen[data-status-url]");
  if (screen) {
    const url = screen.getAttribute("data-status-url");
    const offline = screen.querySelector(".screen-offline");
    const shownStatus = screen.getAttribute("data-status");
    const poll = () => {
      fetch(url, { headers: { accept: "application/json" }, cache: "no-store" })
        .then((r) => {
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then((s) => {
          if (offline) offline.hidden = true;
          const keys = ["rosterSize", "present", "voted"];
          let m;
          for (m = 0; m < keys.length; m++) {
            const el = screen.querySelector(`[data-k="${keys[m]}"]`);
            if (el && s[keys[m]] !== undefined) el.textContent = String(s[keys[m]]);
          }
          // The status changed (opened, or closed with a result): show the new page.
          if (s.status !== shownStatus) window.location.reload();
        })
        .catch(() => {
          if (offline) offline.hidden = false;
        });
    };
    setInterval(poll, 2000);
  }

  // Progress photos (src/features/projects/photos.ts): a photo larger than data-downsize pixels on its long
  // side is redrawn on a canvas and sent as JPEG quality 0.85, so a phone's 12-megapixel photo goes
  // up as a few hundred KB. Without this script, or where a browser cannot do it, the original
  // file is sent; the server checks type and size either way.
  function shrinkPhoto(file, max) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return Promise.resolve(file);
    return createImageBitmap(file)
      .then((bmp) => {
        const scale = Math.min(1, max / Math.max(bmp.width, bmp.height));
        if (scale === 1 && file.size <= 1536 * 1024) return file;
        const canvas = document.createElement("canvas");
        canvas.width = Math.round(bmp.width * scale);
        canvas.height = Math.round(bmp.height * scale);
        const g = canvas.getContext("2d");
        g.fillStyle = "#fff";
        g.fillRect(0, 0, canvas.width, canvas.height);
        g.drawImage(bmp, 0, 0, canvas.width, canvas.height);
        return new Promise((resolve) => {
          canvas.toBlob(
            (blob) => {
              const name = `${file.name.replace(/\.[^.]*$/, "")}.jpg`;
              resolve(
                !blob || blob.size >= file.size ? file : new File([blob], name, { type: "image/jpeg" }),
              );
            },
            "image/jpeg",
            0.85,
          );
        });
      })
      .catch(() => file);
  }

  const photoInputs = document.querySelectorAll("input[type=file][data-downsize]");
  for (i = 0; i < photoInputs.length; i++) {
    photoInputs[i].addEventListener("change", (e) => {
      const input = e.target;
      const max = Number(input.getAttribute("data-downsize")) || 1600;
      if (!window.DataTransfer || !window.createImageBitmap || !input.files?.length) return;
      const form = input.form;
      if (form) setButtons(form, true);
      Promise.all(Array.prototype.map.call(input.files, (f) => shrinkPhoto(f, max)))
        .then((files) => {
          const dt = new DataTransfer();
          for (const f of files) dt.items.add(f);
          input.files = dt.files;
        })
        .catch(() => {})
        .then(() => {
          if (form) setButtons(form, false);
        });
    });
  }
})();

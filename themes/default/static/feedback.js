// kbpress default theme: the "Was this article helpful?" widget
// (templates/feedback.html). Vanilla, no dependencies.
//
// The form is `hidden` in the HTML and shown here, so readers without
// JavaScript never see a form that cannot work. An answer opens the optional
// details (a reason for "No", a comment for both); Send posts one JSON object
// to the form's data-url. Everything shown to the reader is set with
// textContent, never as HTML.
(function () {
  "use strict";

  var form = document.querySelector("form.feedback");
  if (!form || !window.fetch || !window.JSON) return;

  var url = form.getAttribute("data-url");
  var answers = form.querySelectorAll(".feedback-answer");
  var question = form.querySelector(".feedback-question");
  var details = form.querySelector(".feedback-details");
  var reasonBox = form.querySelector(".feedback-reason");
  var reason = form.querySelector("#feedback-reason");
  var comment = form.querySelector("#feedback-comment");
  var send = form.querySelector(".feedback-send");
  var status = form.querySelector(".feedback-status");
  var helpful = null;
  var sending = false;

  // The audience of an audience build, else the reader's choice in the
  // audience switch (kbpress.js stores it), else null.
  function audience() {
    var fixed = form.getAttribute("data-audience");
    if (fixed) return fixed;
    try {
      return window.localStorage.getItem("kbpress-audience") || null;
    } catch (e) {
      return null; // storage disabled (private mode)
    }
  }

  // The theme's words in the page's language (data-* of the form), else English.
  function word(name, english) {
    return form.getAttribute("data-" + name) || english;
  }

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }

  function optional(value) {
    var trimmed = value.trim();
    return trimmed === "" ? null : trimmed;
  }

  answers.forEach(function (button) {
    button.addEventListener("click", function () {
      helpful = button.value === "yes";
      answers.forEach(function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
      // A reason only makes sense for "No"; a comment is welcome either way.
      reasonBox.hidden = helpful;
      if (helpful) reason.value = "";
      details.hidden = false;
      say("");
      (helpful ? comment : reason).focus();
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (helpful === null || sending) return;
    sending = true;
    send.disabled = true;
    say(word("sending", "Sending…"));
    var body = {
      article: form.getAttribute("data-article"),
      url: window.location.href.split("#")[0],
      audience: audience(),
      helpful: helpful,
      reason: helpful ? null : optional(reason.value),
      comment: optional(comment.value)
    };
    window.fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      question.hidden = true;
      details.hidden = true;
      say(word("thanks", "Thank you for your feedback."));
      // The controls that had focus are gone; keep keyboard users in place.
      status.focus();
    }).catch(function () {
      // Keep the answer and the text, so the reader can simply try again.
      say(word("failed", "Sorry, your feedback could not be sent. Please try again later."), true);
    }).then(function () {
      sending = false;
      send.disabled = false;
    });
  });

  form.hidden = false;
})();

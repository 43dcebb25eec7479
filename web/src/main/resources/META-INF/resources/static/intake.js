// The intake asks the browser for the patient's time zone: reminders and "today" follow it.
(function () {
  var zone = document.getElementById('timezone');
  try {
    var own = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && own) { zone.value = own; }
  } catch (e) { /* the server's default zone stays */ }
})();

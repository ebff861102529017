# E-post: kallelser till möten, ändringar, inställda möten och påminnelser, svarslänkar och
# sekreterarens vy över hur meddelandena levererats.

mail-when = { $weekday } { $date } kl. { $start }–{ $end }
mail-greeting = Hej { $name },
mail-subject-invitation = Kallelse: { $title }
mail-subject-update = Ändrat möte: { $title }
mail-subject-cancellation = Inställt: { $title }
mail-subject-reminder = Påminnelse: { $title }
mail-lead-invitation = Du kallas till mötet: { $title }.
mail-lead-update = Uppgifterna om mötet har ändrats: { $title }. De aktuella uppgifterna finns nedan.
mail-lead-cancellation = Mötet har ställts in: { $title }.
mail-lead-reminder = Vi påminner om det kommande mötet: { $title }.
mail-role = Din roll
mail-answer-intro = Svara på kallelsen:
mail-answer-note = Länken öppnar en sida där du bekräftar ditt svar. Med länkarna kan du svara en gång, fram till att mötet börjar. Du kan ändra ditt svar senare genom att logga in i Foorumi.
mail-meeting-page = Mötets sida
mail-footer = Du får detta meddelande eftersom du har en plats i mötets forum. Meddelandet skickades av Foorumi.
mail-subject-checking = För justering: { $title }
mail-lead-checking = Du har valts till protokolljusterare för mötet { $title }. Protokollet eller promemorian väntar nu på din justering: läs den i Foorumi och godkänn eller kommentera.
mail-minutes-page = Protokollet som ska justeras
mail-footer-checking = Du får detta meddelande eftersom du har valts till protokolljusterare för mötet. Meddelandet skickades av Foorumi.
mail-kind-checking = Begäran om justering

answer-accepted = Jag deltar
answer-declined = Jag deltar inte
answer-deputy_attends = Min ersättare deltar

mail-panel-title = Kallelser per e-post
mail-panel-lead = Kallelsen går till alla som på mötesdagen har en plats i mötets forum, på deras eget språk och som kalenderinbjudan. Ledamöterna kan svara med länkarna i meddelandet.
mail-send-invitation = Skicka kallelser
mail-send-update = Skicka meddelande om ändring
mail-update-due = Mötets tid eller plats har ändrats efter kallelsen.
mail-cancel-auto = Om mötet ställs in får de kallade automatiskt ett meddelande om det.
mail-disabled = E-post skickas inte (inställningen smtp_url saknas): meddelandena väntar i kön.
mail-none-sent = Inga kallelser har skickats ännu.
mail-outcome = Meddelanden i kön: { $queued }. Mottagare utan e-postadress: { $no_address }.
mail-recipient = Mottagare
mail-address = Adress
mail-kind = Meddelande
mail-status = Status
mail-kind-invitation = Kallelse
mail-kind-update = Ändring
mail-kind-cancellation = Inställt
mail-kind-reminder = Påminnelse
mail-status-queued = I kön
mail-status-retry = I kön, försök: { $attempts }, nästa försök { $at }. Fel: { $error }
mail-status-sent = Skickat { $at }
mail-status-failed = Misslyckades: { $error }
mail-status-no_address = Ingen e-postadress
error-mail-meeting-closed = Kallelser kan inte skickas till ett möte som har hållits eller ställts in.
error-mail-meeting-closed-heading = Kallelserna skickades inte
error-mail-not-cancelled = Meddelande om inställt möte kan bara skickas för ett inställt möte.
error-mail-not-cancelled-heading = Meddelandet skickades inte

answer-confirm-title = Bekräfta ditt svar
answer-confirm-lead = { $name }, bekräfta ditt svar till mötet { $title } ({ $when }):
answer-confirm-button = Bekräfta: { $answer }
answer-done-title = Svaret har sparats
answer-done = Tack! Ditt svar har sparats: { $answer }.
answer-change = Du kan ändra ditt svar genom att logga in i Foorumi och öppna mötets sida.
answer-invalid-title = Länken är ogiltig
answer-invalid = Svarslänken är felaktig eller har ändrats, och inget svar sparades. Kontrollera att hela länken kom med, eller svara genom att logga in i Foorumi.
answer-expired-title = Länken har gått ut
answer-expired = Svarslänken gällde fram till att mötet började, och inget svar sparades.
answer-used-title = Länken har redan använts
answer-used = Kallelsen har redan besvarats, och svaret ändrades inte. Du kan ändra ditt svar genom att logga in i Foorumi.
answer-cancelled-title = Mötet har ställts in
answer-cancelled = Mötet har ställts in, så inget svar sparades.
answer-failed-title = Svaret sparades inte
answer-failed = Du har inte längre denna plats i mötets forum, så inget svar sparades.

audit-action-send = Utskick
audit-entity-mail = E-post

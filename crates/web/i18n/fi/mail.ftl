# Sähköpostit: kokouskutsut, muutokset, peruutukset ja muistutukset, vastauslinkit ja
# sihteerin näkymä lähetysten tilaan.

mail-when = { $weekday } { $date } klo { $start }–{ $end }
mail-greeting = Hei { $name },
mail-subject-invitation = Kutsu: { $title }
mail-subject-update = Muuttunut kokous: { $title }
mail-subject-cancellation = Peruttu: { $title }
mail-subject-reminder = Muistutus: { $title }
mail-lead-invitation = Sinut kutsutaan kokoukseen: { $title }.
mail-lead-update = Kokouksen tiedot ovat muuttuneet: { $title }. Ajantasaiset tiedot ovat alla.
mail-lead-cancellation = Kokous on peruttu: { $title }.
mail-lead-reminder = Muistutamme tulevasta kokouksesta: { $title }.
mail-role = Roolisi
mail-answer-intro = Vastaa kutsuun:
mail-answer-note = Linkki avaa sivun, jolla vahvistat vastauksen. Linkeillä voi vastata kerran, kokouksen alkuun asti. Voit muuttaa vastausta myöhemmin kirjautumalla Foorumiin.
mail-meeting-page = Kokouksen sivu
mail-footer = Sait tämän viestin, koska sinulla on paikka kokouksen foorumissa. Viestin lähetti Foorumi.
mail-subject-checking = Tarkastettavana: { $title }
mail-lead-checking = Sinut on valittu kokouksen { $title } pöytäkirjantarkastajaksi. Pöytäkirja tai muistio odottaa nyt tarkastustasi: lue se Foorumissa ja hyväksy tai kommentoi.
mail-minutes-page = Tarkastettava pöytäkirja
mail-footer-checking = Sait tämän viestin, koska sinut on valittu kokouksen pöytäkirjantarkastajaksi. Viestin lähetti Foorumi.
mail-kind-checking = Tarkastuspyyntö

answer-accepted = Osallistun
answer-declined = En osallistu
answer-deputy_attends = Varajäseneni osallistuu

mail-panel-title = Kutsut sähköpostilla
mail-panel-lead = Kutsu lähtee jokaiselle, jolla on kokouspäivänä paikka kokouksen foorumissa, hänen omalla kielellään ja kalenterikutsuna. Jäsenet voivat vastata viestin linkeillä.
mail-send-invitation = Lähetä kutsut
mail-send-update = Lähetä muutosilmoitus
mail-update-due = Kokouksen aika tai paikka on muuttunut kutsun jälkeen.
mail-cancel-auto = Jos kokous perutaan, kutsutut saavat peruutuksen automaattisesti.
mail-disabled = Sähköpostin lähetys ei ole käytössä (asetus smtp_url puuttuu): viestit odottavat jonossa.
mail-none-sent = Kutsuja ei ole vielä lähetetty.
mail-outcome = Jonossa olevia viestejä: { $queued }. Vastaanottajia ilman sähköpostiosoitetta: { $no_address }.
mail-recipient = Vastaanottaja
mail-address = Osoite
mail-kind = Viesti
mail-status = Tila
mail-kind-invitation = Kutsu
mail-kind-update = Muutosilmoitus
mail-kind-cancellation = Peruutus
mail-kind-reminder = Muistutus
mail-status-queued = Jonossa
mail-status-retry = Jonossa, yrityksiä { $attempts }, seuraava yritys { $at }. Virhe: { $error }
mail-status-sent = Lähetetty { $at }
mail-status-failed = Epäonnistui: { $error }
mail-status-no_address = Ei sähköpostiosoitetta
error-mail-meeting-closed = Kutsuja ei voi lähettää kokoukseen, joka on jo pidetty tai peruttu.
error-mail-meeting-closed-heading = Kutsuja ei lähetetty
error-mail-not-cancelled = Peruutuksen voi lähettää vain perutusta kokouksesta.
error-mail-not-cancelled-heading = Peruutusta ei lähetetty

answer-confirm-title = Vahvista vastauksesi
answer-confirm-lead = { $name }, vahvista vastauksesi kokoukseen { $title } ({ $when }):
answer-confirm-button = Vahvista: { $answer }
answer-done-title = Vastaus tallennettu
answer-done = Kiitos! Vastauksesi on tallennettu: { $answer }.
answer-change = Voit muuttaa vastausta kirjautumalla Foorumiin ja avaamalla kokouksen sivun.
answer-invalid-title = Linkki ei kelpaa
answer-invalid = Vastauslinkki on virheellinen tai sitä on muutettu, eikä vastausta tallennettu. Tarkista, että linkki on kokonainen, tai vastaa kirjautumalla Foorumiin.
answer-expired-title = Linkki on vanhentunut
answer-expired = Vastauslinkki oli voimassa kokouksen alkuun asti, eikä vastausta tallennettu.
answer-used-title = Linkki on jo käytetty
answer-used = Tällä kutsulla on jo vastattu, eikä vastausta muutettu. Voit muuttaa vastausta kirjautumalla Foorumiin.
answer-cancelled-title = Kokous on peruttu
answer-cancelled = Kokous on peruttu, joten vastausta ei tallennettu.
answer-failed-title = Vastausta ei tallennettu
answer-failed = Sinulla ei ole enää tätä paikkaa kokouksen foorumissa, joten vastausta ei tallennettu.

audit-action-send = Lähetys
audit-entity-mail = Sähköposti

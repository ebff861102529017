-- E-mail outbox and invitation tokens (being written).
CREATE TABLE mail_placeholder (id INTEGER);

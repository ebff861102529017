# E-mail: meeting invitations, changes, cancellations and reminders, the answer links, and
# the secretary's view of how the messages were delivered.

mail-when = { $weekday } { $date }, { $start }–{ $end }
mail-greeting = Dear { $name },
mail-subject-invitation = Invitation: { $title }
mail-subject-update = Meeting changed: { $title }
mail-subject-cancellation = Cancelled: { $title }
mail-subject-reminder = Reminder: { $title }
mail-lead-invitation = You are invited to the meeting: { $title }.
mail-lead-update = The details of the meeting have changed: { $title }. The current details are below.
mail-lead-cancellation = The meeting has been cancelled: { $title }.
mail-lead-reminder = A reminder of the coming meeting: { $title }.
mail-role = Your role
mail-answer-intro = Answer the invitation:
mail-answer-note = Each link opens a page where you confirm your answer. You can answer with these links once, until the meeting starts. You can change your answer later by signing in to Foorumi.
mail-meeting-page = The meeting's page
mail-footer = You receive this message because you hold a seat in the meeting's forum. It was sent by Foorumi.
mail-subject-checking = For checking: { $title }
mail-lead-checking = You have been chosen as a minute checker of { $title }. The minutes or memo now await your check: read them in Foorumi and approve or comment.
mail-minutes-page = The minutes to check
mail-footer-checking = You receive this message because you were chosen as a minute checker of the meeting. It was sent by Foorumi.
mail-kind-checking = Request to check

answer-accepted = I will attend
answer-declined = I will not attend
answer-deputy_attends = My deputy will attend

mail-panel-title = Invitations by e-mail
mail-panel-lead = The invitation goes to everyone who holds a seat in the meeting's forums on its date, in their own language and as a calendar invitation. Members can answer with the links in the message.
mail-send-invitation = Send invitations
mail-send-update = Send the changes
mail-update-due = The meeting's time or place has changed since the invitation.
mail-cancel-auto = If the meeting is cancelled, those invited are told automatically.
mail-disabled = E-mail is not sent (the smtp_url setting is missing): messages wait in the queue.
mail-none-sent = No invitations have been sent yet.
mail-outcome = Messages queued: { $queued }. Recipients without an e-mail address: { $no_address }.
mail-recipient = Recipient
mail-address = Address
mail-kind = Message
mail-status = Status
mail-kind-invitation = Invitation
mail-kind-update = Change
mail-kind-cancellation = Cancellation
mail-kind-reminder = Reminder
mail-status-queued = Queued
mail-status-retry = Queued; attempts: { $attempts }, next attempt { $at }. Error: { $error }
mail-status-sent = Sent { $at }
mail-status-failed = Failed: { $error }
mail-status-no_address = No e-mail address
error-mail-meeting-closed = Invitations cannot be sent for a meeting that has been held or cancelled.
error-mail-meeting-closed-heading = Invitations not sent
error-mail-not-cancelled = A cancellation can only be sent for a cancelled meeting.
error-mail-not-cancelled-heading = Cancellation not sent

answer-confirm-title = Confirm your answer
answer-confirm-lead = { $name }, please confirm your answer to the meeting { $title } ({ $when }):
answer-confirm-button = Confirm: { $answer }
answer-done-title = Answer saved
answer-done = Thank you! Your answer has been saved: { $answer }.
answer-change = You can change your answer by signing in to Foorumi and opening the meeting's page.
answer-invalid-title = The link is not valid
answer-invalid = The answer link is malformed or has been altered, and no answer was saved. Check that the whole link was copied, or answer by signing in to Foorumi.
answer-expired-title = The link has expired
answer-expired = The answer link was valid until the meeting started, and no answer was saved.
answer-used-title = The link has already been used
answer-used = This invitation has already been answered, and the answer was not changed. You can change your answer by signing in to Foorumi.
answer-cancelled-title = The meeting has been cancelled
answer-cancelled = The meeting has been cancelled, so no answer was saved.
answer-failed-title = Answer not saved
answer-failed = You no longer hold this seat in the meeting's forum, so no answer was saved.

audit-action-send = Sending
audit-entity-mail = E-mail

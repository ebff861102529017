//! Every authorisation decision of Foorumi, in one function: may this actor do this
//! action to this object? Pages and the API ask here and nowhere else.
//!
//! Roles: instance administrator (creates regions), region administrator, party
//! administrator (a party's own people, posts and seats), forum secretary and member
//! (both through seats in force today, domain R2.13 and R5.3), and the anonymous public.

use crate::model::Id;

/// Who is acting, with the roles that matter for decisions, resolved by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<Id>,
    pub instance_admin: bool,
    /// Regions the actor administers.
    pub region_admin: Vec<Id>,
    /// Parties the actor administers.
    pub party_admin: Vec<Id>,
    /// Forums where the actor holds a secretary seat today.
    pub secretary_of: Vec<Id>,
    /// Forums where the actor holds any seat today.
    pub member_of: Vec<Id>,
    /// Regions where the actor is the secretary of some forum today: the cooperation
    /// manager, who keeps the region's shared follow-up.
    pub secretary_in: Vec<Id>,
    /// The register person the account is, if any.
    pub person_id: Option<Id>,
}

impl Actor {
    pub fn anonymous() -> Self {
        Actor::default()
    }
    pub fn signed_in(&self) -> bool {
        self.user_id.is_some()
    }
    fn admin_of(&self, region: Id) -> bool {
        self.instance_admin || self.region_admin.contains(&region)
    }
    /// Keeps the region's shared follow-up: its administrators and forum secretaries.
    fn keeper_of(&self, region: Id) -> bool {
        self.admin_of(region) || self.secretary_in.contains(&region)
    }
    /// Takes part in the region's cooperation: holds a seat, administers a party or the
    /// region.
    fn participant_in(&self, region: Id) -> bool {
        self.signed_in() && (self.admin_of(region) || !self.member_of.is_empty() || !self.party_admin.is_empty())
    }
    fn party_admin_of(&self, party: Option<Id>) -> bool {
        party.is_some_and(|party| self.party_admin.contains(&party))
    }
    /// Whether the actor may edit anything at all (shows the edit links in pages).
    pub fn may_edit_something(&self) -> bool {
        self.instance_admin || !self.region_admin.is_empty() || !self.party_admin.is_empty() || !self.secretary_of.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    View,
    Create,
    Update,
    Delete,
}

/// The object of an action, with the facts the rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    Region {
        region: Id,
    },
    Party {
        region: Id,
        party: Id,
    },
    /// A person and the party that keeps their details.
    Person {
        region: Id,
        party: Option<Id>,
    },
    /// Posts and who holds them.
    Post {
        region: Id,
        party: Id,
    },
    Forum {
        region: Id,
        forum: Id,
    },
    Seat {
        region: Id,
        forum: Id,
        party: Id,
    },
    /// A meeting, by the forum that convenes it.
    Meeting {
        region: Id,
        forum: Id,
    },
    /// The planned attendance of one seat at one meeting, with who sits in the seat then.
    Attendance {
        region: Id,
        forum: Id,
        sitter: Option<Id>,
    },
    CouncilTerm {
        region: Id,
    },
    /// The region's list of secrecy grounds.
    LegalBasis {
        region: Id,
    },
    /// A forum's standing agenda items.
    StandingItem {
        region: Id,
        forum: Id,
    },
    /// An agenda item as it is being prepared, with its attachments, by the forum that
    /// convenes the meeting. The public sees only the published public version.
    AgendaItem {
        region: Id,
        forum: Id,
    },
    /// An item proposed to a forum, by a party and/or a person.
    Proposal {
        region: Id,
        forum: Id,
        party: Option<Id>,
        person: Option<Id>,
    },
    /// An action agreed by a forum, by the party that owns it.
    ActionItem {
        region: Id,
        forum: Id,
        party: Option<Id>,
    },
    /// A party's decision on a forum's recommendation in its own body.
    Ratification {
        region: Id,
        forum: Id,
        party: Id,
    },
    /// Contact details that are not marked public.
    RestrictedContacts {
        region: Id,
    },
    /// The region's shared follow-up, read by everyone: situational-picture snapshots,
    /// council-term goals and their measures, the responsibility matrix, the cooperation
    /// protocol, the statutory wellbeing reports and negotiations.
    Cooperation {
        region: Id,
    },
    /// A party's statutory wellbeing report (R3.1–R3.3), read by everyone: kept by the
    /// cooperation manager, and recorded also by the party itself.
    WellbeingReport {
        region: Id,
        party: Id,
    },
    /// A disagreement between parties (issue 5): seen by those who take part in the
    /// cooperation, registered also by a party, kept by the cooperation manager.
    Conflict {
        region: Id,
        party: Option<Id>,
    },
    /// A preparedness forum's workspace (PHTURVA, Kuntaturva): its members only (R3.9).
    Workspace {
        region: Id,
        forum: Id,
    },
    /// Accounts and their grants.
    Account {
        region: Id,
    },
    AuditLog {
        region: Id,
    },
}

pub fn allowed(actor: &Actor, action: Action, object: Object) -> bool {
    use Action::*;
    use Object::*;
    match (object, action) {
        (RestrictedContacts { region }, View) => {
            actor.signed_in() && (actor.admin_of(region) || !actor.member_of.is_empty() || !actor.party_admin.is_empty())
        }
        (AuditLog { region }, View) => actor.admin_of(region),
        (Account { region }, _) => actor.admin_of(region),
        // The audit log is append-only: nobody edits or deletes it.
        (RestrictedContacts { .. } | AuditLog { .. }, _) => false,
        // Who plans to come is the forum's own business: its members see it; a member
        // answers for their own seat, the secretary keeps everyone's.
        (Attendance { region, forum, sitter }, action) => {
            let own = sitter.is_some() && sitter == actor.person_id;
            actor.admin_of(region) || actor.secretary_of.contains(&forum) || own || (action == View && actor.member_of.contains(&forum))
        }
        (Conflict { region, party }, action) => match action {
            View => actor.participant_in(region),
            Create => actor.keeper_of(region) || actor.party_admin_of(party),
            Update | Delete => actor.keeper_of(region),
        },
        (Workspace { region, forum }, action) => {
            actor.admin_of(region) || actor.secretary_of.contains(&forum) || (action == View && actor.member_of.contains(&forum))
        }
        // Agendas in preparation are the forum's own (the public version is published).
        (AgendaItem { region, forum }, action) => {
            actor.admin_of(region) || actor.secretary_of.contains(&forum) || (action == View && actor.member_of.contains(&forum))
        }
        // A proposal is seen by the forum, the proposing party and the proposer; members
        // and party administrators propose; the secretary answers.
        (Proposal { region, forum, party, person }, action) => {
            let keeper = actor.admin_of(region) || actor.secretary_of.contains(&forum);
            let proposer = actor.member_of.contains(&forum) || actor.party_admin_of(party);
            let own = person.is_some() && person == actor.person_id;
            match action {
                View => keeper || proposer || own,
                Create => keeper || proposer,
                Update | Delete => keeper,
            }
        }
        // Actions are followed by the forum and the owning party, which reports progress;
        // the public reads them in the published record.
        (ActionItem { region, forum, party }, action) => {
            let keeper = actor.admin_of(region) || actor.secretary_of.contains(&forum);
            match action {
                View => keeper || actor.member_of.contains(&forum) || actor.party_admin_of(party),
                Update => keeper || actor.party_admin_of(party),
                Create | Delete => keeper,
            }
        }
        // Each party records its own body's decision; the forum's secretary may too.
        (Ratification { region, forum, party }, Create | Update | Delete) => {
            actor.admin_of(region) || actor.secretary_of.contains(&forum) || actor.party_admin_of(Some(party))
        }
        // The register itself is public information about public bodies.
        (_, View) => true,
        (Region { .. }, Create) => actor.instance_admin,
        (Cooperation { region }, _) => actor.keeper_of(region),
        (WellbeingReport { region, party }, _) => actor.keeper_of(region) || actor.party_admin_of(Some(party)),
        (Region { region }, Update | Delete) => actor.admin_of(region),
        (Party { region, .. } | CouncilTerm { region } | LegalBasis { region }, _) => actor.admin_of(region),
        (StandingItem { region, forum }, _) => actor.admin_of(region) || actor.secretary_of.contains(&forum),
        (Person { region, party }, _) => actor.admin_of(region) || actor.party_admin_of(party),
        (Post { region, party }, _) => actor.admin_of(region) || actor.party_admin_of(Some(party)),
        (Forum { region, forum }, Update) => actor.admin_of(region) || actor.secretary_of.contains(&forum),
        (Forum { region, .. }, Create | Delete) => actor.admin_of(region),
        (Meeting { region, forum }, _) => actor.admin_of(region) || actor.secretary_of.contains(&forum),

        (Seat { region, forum, party }, _) => {
            actor.admin_of(region) || actor.secretary_of.contains(&forum) || actor.party_admin_of(Some(party))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::*;

    const REGION: Id = 1;
    const OTHER_REGION: Id = 2;
    const LAHTI: Id = 10;
    const HOLLOLA: Id = 11;
    const MANAGERS: Id = 100;
    const PHTURVA: Id = 101;
    const MEMBER_PERSON: Id = 500;
    const SECRETARY_PERSON: Id = 501;
    const OTHER_PERSON: Id = 502;

    fn roles() -> Vec<(&'static str, Actor)> {
        let user = |id| Actor { user_id: Some(id), ..Actor::default() };
        vec![
            ("public", Actor::anonymous()),
            ("instance_admin", Actor { instance_admin: true, ..user(1) }),
            ("region_admin", Actor { region_admin: vec![REGION], ..user(2) }),
            ("party_admin", Actor { party_admin: vec![LAHTI], ..user(3) }),
            (
                "secretary",
                Actor {
                    secretary_of: vec![MANAGERS],
                    member_of: vec![MANAGERS],
                    secretary_in: vec![REGION],
                    person_id: Some(SECRETARY_PERSON),
                    ..user(4)
                },
            ),
            ("member", Actor { member_of: vec![MANAGERS], person_id: Some(MEMBER_PERSON), ..user(5) }),
            ("other_region_admin", Actor { region_admin: vec![OTHER_REGION], ..user(6) }),
        ]
    }

    fn objects() -> Vec<(&'static str, Object)> {
        vec![
            ("region", Object::Region { region: REGION }),
            ("party_lahti", Object::Party { region: REGION, party: LAHTI }),
            ("person_lahti", Object::Person { region: REGION, party: Some(LAHTI) }),
            ("person_hollola", Object::Person { region: REGION, party: Some(HOLLOLA) }),
            ("post_lahti", Object::Post { region: REGION, party: LAHTI }),
            ("forum_managers", Object::Forum { region: REGION, forum: MANAGERS }),
            ("forum_phturva", Object::Forum { region: REGION, forum: PHTURVA }),
            ("seat_managers_hollola", Object::Seat { region: REGION, forum: MANAGERS, party: HOLLOLA }),
            ("seat_phturva_lahti", Object::Seat { region: REGION, forum: PHTURVA, party: LAHTI }),
            ("seat_phturva_hollola", Object::Seat { region: REGION, forum: PHTURVA, party: HOLLOLA }),
            ("attendance_member", Object::Attendance { region: REGION, forum: MANAGERS, sitter: Some(MEMBER_PERSON) }),
            ("attendance_other", Object::Attendance { region: REGION, forum: MANAGERS, sitter: Some(OTHER_PERSON) }),
            ("attendance_phturva_member", Object::Attendance { region: REGION, forum: PHTURVA, sitter: Some(MEMBER_PERSON) }),
            ("attendance_vacant", Object::Attendance { region: REGION, forum: PHTURVA, sitter: None }),
            ("meeting_managers", Object::Meeting { region: REGION, forum: MANAGERS }),
            ("meeting_phturva", Object::Meeting { region: REGION, forum: PHTURVA }),
            ("term", Object::CouncilTerm { region: REGION }),
            ("legal_basis", Object::LegalBasis { region: REGION }),
            ("standing_managers", Object::StandingItem { region: REGION, forum: MANAGERS }),
            ("item_managers", Object::AgendaItem { region: REGION, forum: MANAGERS }),
            ("item_phturva", Object::AgendaItem { region: REGION, forum: PHTURVA }),
            ("proposal_lahti_managers", Object::Proposal { region: REGION, forum: MANAGERS, party: Some(LAHTI), person: None }),
            (
                "proposal_member_phturva",
                Object::Proposal { region: REGION, forum: PHTURVA, party: Some(HOLLOLA), person: Some(MEMBER_PERSON) },
            ),
            ("action_managers_lahti", Object::ActionItem { region: REGION, forum: MANAGERS, party: Some(LAHTI) }),
            ("action_phturva_hollola", Object::ActionItem { region: REGION, forum: PHTURVA, party: Some(HOLLOLA) }),
            ("ratification_managers_lahti", Object::Ratification { region: REGION, forum: MANAGERS, party: LAHTI }),
            ("contacts", Object::RestrictedContacts { region: REGION }),
            ("cooperation", Object::Cooperation { region: REGION }),
            ("conflict_lahti", Object::Conflict { region: REGION, party: Some(LAHTI) }),
            ("wellbeing_report_lahti", Object::WellbeingReport { region: REGION, party: LAHTI }),
            ("wellbeing_report_hollola", Object::WellbeingReport { region: REGION, party: HOLLOLA }),
            ("workspace_phturva", Object::Workspace { region: REGION, forum: PHTURVA }),
            ("workspace_managers", Object::Workspace { region: REGION, forum: MANAGERS }),
            ("account", Object::Account { region: REGION }),
            ("audit", Object::AuditLog { region: REGION }),
        ]
    }

    /// The whole matrix, written out: role → object → the actions allowed (V C U D).
    const EXPECTED: &[(&str, &str, &str)] = &[
        ("public", "region", "V"),
        ("public", "party_lahti", "V"),
        ("public", "person_lahti", "V"),
        ("public", "person_hollola", "V"),
        ("public", "post_lahti", "V"),
        ("public", "forum_managers", "V"),
        ("public", "forum_phturva", "V"),
        ("public", "seat_managers_hollola", "V"),
        ("public", "seat_phturva_lahti", "V"),
        ("public", "seat_phturva_hollola", "V"),
        ("public", "attendance_member", ""),
        ("public", "attendance_other", ""),
        ("public", "attendance_phturva_member", ""),
        ("public", "attendance_vacant", ""),
        ("public", "meeting_managers", "V"),
        ("public", "meeting_phturva", "V"),
        ("public", "term", "V"),
        ("public", "item_managers", ""),
        ("public", "item_phturva", ""),
        ("public", "standing_managers", "V"),
        ("public", "legal_basis", "V"),
        ("public", "proposal_lahti_managers", ""),
        ("public", "proposal_member_phturva", ""),
        ("public", "contacts", ""),
        ("public", "account", ""),
        ("public", "cooperation", "V"),
        ("public", "wellbeing_report_lahti", "V"),
        ("public", "wellbeing_report_hollola", "V"),
        ("public", "conflict_lahti", ""),
        ("public", "workspace_phturva", ""),
        ("public", "workspace_managers", ""),
        ("public", "audit", ""),
        ("instance_admin", "region", "VCUD"),
        ("instance_admin", "party_lahti", "VCUD"),
        ("instance_admin", "person_lahti", "VCUD"),
        ("instance_admin", "person_hollola", "VCUD"),
        ("instance_admin", "post_lahti", "VCUD"),
        ("instance_admin", "forum_managers", "VCUD"),
        ("instance_admin", "forum_phturva", "VCUD"),
        ("instance_admin", "seat_managers_hollola", "VCUD"),
        ("instance_admin", "seat_phturva_lahti", "VCUD"),
        ("instance_admin", "seat_phturva_hollola", "VCUD"),
        ("instance_admin", "attendance_member", "VCUD"),
        ("instance_admin", "attendance_other", "VCUD"),
        ("instance_admin", "attendance_phturva_member", "VCUD"),
        ("instance_admin", "attendance_vacant", "VCUD"),
        ("instance_admin", "meeting_managers", "VCUD"),
        ("instance_admin", "meeting_phturva", "VCUD"),
        ("instance_admin", "term", "VCUD"),
        ("instance_admin", "item_managers", "VCUD"),
        ("instance_admin", "item_phturva", "VCUD"),
        ("instance_admin", "standing_managers", "VCUD"),
        ("instance_admin", "legal_basis", "VCUD"),
        ("instance_admin", "proposal_lahti_managers", "VCUD"),
        ("instance_admin", "proposal_member_phturva", "VCUD"),
        ("instance_admin", "contacts", "V"),
        ("instance_admin", "account", "VCUD"),
        ("instance_admin", "cooperation", "VCUD"),
        ("instance_admin", "wellbeing_report_lahti", "VCUD"),
        ("instance_admin", "wellbeing_report_hollola", "VCUD"),
        ("instance_admin", "conflict_lahti", "VCUD"),
        ("instance_admin", "workspace_phturva", "VCUD"),
        ("instance_admin", "workspace_managers", "VCUD"),
        ("instance_admin", "audit", "V"),
        ("region_admin", "region", "VUD"),
        ("region_admin", "party_lahti", "VCUD"),
        ("region_admin", "person_lahti", "VCUD"),
        ("region_admin", "person_hollola", "VCUD"),
        ("region_admin", "post_lahti", "VCUD"),
        ("region_admin", "forum_managers", "VCUD"),
        ("region_admin", "forum_phturva", "VCUD"),
        ("region_admin", "seat_managers_hollola", "VCUD"),
        ("region_admin", "seat_phturva_lahti", "VCUD"),
        ("region_admin", "seat_phturva_hollola", "VCUD"),
        ("region_admin", "attendance_member", "VCUD"),
        ("region_admin", "attendance_other", "VCUD"),
        ("region_admin", "attendance_phturva_member", "VCUD"),
        ("region_admin", "attendance_vacant", "VCUD"),
        ("region_admin", "meeting_managers", "VCUD"),
        ("region_admin", "meeting_phturva", "VCUD"),
        ("region_admin", "term", "VCUD"),
        ("region_admin", "item_managers", "VCUD"),
        ("region_admin", "item_phturva", "VCUD"),
        ("region_admin", "standing_managers", "VCUD"),
        ("region_admin", "legal_basis", "VCUD"),
        ("region_admin", "proposal_lahti_managers", "VCUD"),
        ("region_admin", "proposal_member_phturva", "VCUD"),
        ("region_admin", "contacts", "V"),
        ("region_admin", "account", "VCUD"),
        ("region_admin", "cooperation", "VCUD"),
        ("region_admin", "wellbeing_report_lahti", "VCUD"),
        ("region_admin", "wellbeing_report_hollola", "VCUD"),
        ("region_admin", "conflict_lahti", "VCUD"),
        ("region_admin", "workspace_phturva", "VCUD"),
        ("region_admin", "workspace_managers", "VCUD"),
        ("region_admin", "audit", "V"),
        ("party_admin", "region", "V"),
        ("party_admin", "party_lahti", "V"),
        ("party_admin", "person_lahti", "VCUD"),
        ("party_admin", "person_hollola", "V"),
        ("party_admin", "post_lahti", "VCUD"),
        ("party_admin", "forum_managers", "V"),
        ("party_admin", "forum_phturva", "V"),
        ("party_admin", "seat_managers_hollola", "V"),
        ("party_admin", "seat_phturva_lahti", "VCUD"),
        ("party_admin", "seat_phturva_hollola", "V"),
        ("party_admin", "attendance_member", ""),
        ("party_admin", "attendance_other", ""),
        ("party_admin", "attendance_phturva_member", ""),
        ("party_admin", "attendance_vacant", ""),
        ("party_admin", "meeting_managers", "V"),
        ("party_admin", "meeting_phturva", "V"),
        ("party_admin", "term", "V"),
        ("party_admin", "item_managers", ""),
        ("party_admin", "item_phturva", ""),
        ("party_admin", "standing_managers", "V"),
        ("party_admin", "legal_basis", "V"),
        ("party_admin", "proposal_lahti_managers", "VC"),
        ("party_admin", "proposal_member_phturva", ""),
        ("party_admin", "contacts", "V"),
        ("party_admin", "account", ""),
        ("party_admin", "cooperation", "V"),
        ("party_admin", "wellbeing_report_lahti", "VCUD"),
        ("party_admin", "wellbeing_report_hollola", "V"),
        ("party_admin", "conflict_lahti", "VC"),
        ("party_admin", "workspace_phturva", ""),
        ("party_admin", "workspace_managers", ""),
        ("party_admin", "audit", ""),
        ("secretary", "region", "V"),
        ("secretary", "party_lahti", "V"),
        ("secretary", "person_lahti", "V"),
        ("secretary", "person_hollola", "V"),
        ("secretary", "post_lahti", "V"),
        ("secretary", "forum_managers", "VU"),
        ("secretary", "forum_phturva", "V"),
        ("secretary", "seat_managers_hollola", "VCUD"),
        ("secretary", "seat_phturva_lahti", "V"),
        ("secretary", "seat_phturva_hollola", "V"),
        ("secretary", "attendance_member", "VCUD"),
        ("secretary", "attendance_other", "VCUD"),
        ("secretary", "attendance_phturva_member", ""),
        ("secretary", "attendance_vacant", ""),
        ("secretary", "meeting_managers", "VCUD"),
        ("secretary", "meeting_phturva", "V"),
        ("secretary", "term", "V"),
        ("secretary", "item_managers", "VCUD"),
        ("secretary", "item_phturva", ""),
        ("secretary", "standing_managers", "VCUD"),
        ("secretary", "legal_basis", "V"),
        ("secretary", "proposal_lahti_managers", "VCUD"),
        ("secretary", "proposal_member_phturva", ""),
        ("secretary", "contacts", "V"),
        ("secretary", "account", ""),
        ("secretary", "cooperation", "VCUD"),
        ("secretary", "wellbeing_report_lahti", "VCUD"),
        ("secretary", "wellbeing_report_hollola", "VCUD"),
        ("secretary", "conflict_lahti", "VCUD"),
        ("secretary", "workspace_phturva", ""),
        ("secretary", "workspace_managers", "VCUD"),
        ("secretary", "audit", ""),
        ("member", "region", "V"),
        ("member", "party_lahti", "V"),
        ("member", "person_lahti", "V"),
        ("member", "person_hollola", "V"),
        ("member", "post_lahti", "V"),
        ("member", "forum_managers", "V"),
        ("member", "forum_phturva", "V"),
        ("member", "seat_managers_hollola", "V"),
        ("member", "seat_phturva_lahti", "V"),
        ("member", "seat_phturva_hollola", "V"),
        ("member", "attendance_member", "VCUD"),
        ("member", "attendance_other", "V"),
        ("member", "attendance_phturva_member", "VCUD"),
        ("member", "attendance_vacant", ""),
        ("member", "meeting_managers", "V"),
        ("member", "meeting_phturva", "V"),
        ("member", "term", "V"),
        ("member", "item_managers", "V"),
        ("member", "item_phturva", ""),
        ("member", "standing_managers", "V"),
        ("member", "legal_basis", "V"),
        ("member", "proposal_lahti_managers", "VC"),
        ("member", "proposal_member_phturva", "V"),
        ("member", "contacts", "V"),
        ("member", "account", ""),
        ("member", "cooperation", "V"),
        ("member", "wellbeing_report_lahti", "V"),
        ("member", "wellbeing_report_hollola", "V"),
        ("member", "conflict_lahti", "V"),
        ("member", "workspace_phturva", ""),
        ("member", "workspace_managers", "V"),
        ("member", "audit", ""),
        ("other_region_admin", "region", "V"),
        ("other_region_admin", "party_lahti", "V"),
        ("other_region_admin", "person_lahti", "V"),
        ("other_region_admin", "person_hollola", "V"),
        ("other_region_admin", "post_lahti", "V"),
        ("other_region_admin", "forum_managers", "V"),
        ("other_region_admin", "forum_phturva", "V"),
        ("other_region_admin", "seat_managers_hollola", "V"),
        ("other_region_admin", "seat_phturva_lahti", "V"),
        ("other_region_admin", "seat_phturva_hollola", "V"),
        ("other_region_admin", "attendance_member", ""),
        ("other_region_admin", "attendance_other", ""),
        ("other_region_admin", "attendance_phturva_member", ""),
        ("other_region_admin", "attendance_vacant", ""),
        ("other_region_admin", "meeting_managers", "V"),
        ("other_region_admin", "meeting_phturva", "V"),
        ("other_region_admin", "term", "V"),
        ("other_region_admin", "item_managers", ""),
        ("other_region_admin", "item_phturva", ""),
        ("other_region_admin", "standing_managers", "V"),
        ("other_region_admin", "legal_basis", "V"),
        ("other_region_admin", "proposal_lahti_managers", ""),
        ("other_region_admin", "proposal_member_phturva", ""),
        ("other_region_admin", "contacts", ""),
        ("other_region_admin", "account", ""),
        ("other_region_admin", "cooperation", "V"),
        ("other_region_admin", "wellbeing_report_lahti", "V"),
        ("other_region_admin", "wellbeing_report_hollola", "V"),
        ("other_region_admin", "conflict_lahti", ""),
        ("other_region_admin", "workspace_phturva", ""),
        ("other_region_admin", "workspace_managers", ""),
        ("other_region_admin", "audit", ""),
        ("public", "action_managers_lahti", ""),
        ("public", "action_phturva_hollola", ""),
        ("public", "ratification_managers_lahti", "V"),
        ("instance_admin", "action_managers_lahti", "VCUD"),
        ("instance_admin", "action_phturva_hollola", "VCUD"),
        ("instance_admin", "ratification_managers_lahti", "VCUD"),
        ("region_admin", "action_managers_lahti", "VCUD"),
        ("region_admin", "action_phturva_hollola", "VCUD"),
        ("region_admin", "ratification_managers_lahti", "VCUD"),
        ("party_admin", "action_managers_lahti", "VU"),
        ("party_admin", "action_phturva_hollola", ""),
        ("party_admin", "ratification_managers_lahti", "VCUD"),
        ("secretary", "action_managers_lahti", "VCUD"),
        ("secretary", "action_phturva_hollola", ""),
        ("secretary", "ratification_managers_lahti", "VCUD"),
        ("member", "action_managers_lahti", "V"),
        ("member", "action_phturva_hollola", ""),
        ("member", "ratification_managers_lahti", "V"),
        ("other_region_admin", "action_managers_lahti", ""),
        ("other_region_admin", "action_phturva_hollola", ""),
        ("other_region_admin", "ratification_managers_lahti", "V"),
    ];

    #[test]
    fn role_action_object_matrix() {
        let mut mismatches = Vec::new();
        for (role_name, actor) in roles() {
            for (object_name, object) in objects() {
                let allowed: String = [(View, 'V'), (Create, 'C'), (Update, 'U'), (Delete, 'D')]
                    .into_iter()
                    .filter(|(action, _)| allowed(&actor, *action, object))
                    .map(|(_, letter)| letter)
                    .collect();
                let expected = EXPECTED
                    .iter()
                    .find(|(r, o, _)| *r == role_name && *o == object_name)
                    .map(|(_, _, a)| *a)
                    .unwrap_or_else(|| panic!("matrix lacks {role_name} × {object_name}"));
                if allowed != expected {
                    mismatches.push(format!("{role_name} × {object_name}: allowed {allowed:?}, expected {expected:?}"));
                }
            }
        }
        assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    }
}

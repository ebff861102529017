//! The council term's goals as users rely on them (R3.4, issue 5 item 4): lines, goals,
//! measures with owners and linked actions, indicator targets read from the imported
//! THL Sotkanet values, yearly statuses and the chairs' forum's assessment; the progress
//! rolled up by weight; the annual follow-up report with "ei tietoa" for missing values;
//! attaching it to a chairs' forum's agenda item in one transaction with its audit entry.
//! Storage on SQLite and on a throw-away PostgreSQL; pages and API on the real server.

use foorumi_core::goals::*;
use foorumi_core::indicators::{AreaKind, Better};
use foorumi_core::permissions::Actor;
use foorumi_core::*;
use foorumi_store::accounts::NewUser;
use foorumi_store::agendas::StoredFile;
use foorumi_store::goals::{self as goal_store, ReportAttachment};
use foorumi_store::indicator_files::{Format, IndicatorPatch};
use foorumi_store::indicators::{self, ImportOptions};
use foorumi_store::records;
use foorumi_store::{Error, Store};
use foorumi_testkit::fixtures::{
    PASSWORD, add_user, admin, api, author, client, count, create, create_paijat_hame, csrf_of, d, fields, forum, item, load_catalogue,
    meeting, municipality, new_user, sign_in, text,
};
use foorumi_testkit::{TestApp, block_on, both_backends, sqlite_store};
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;

const KEEPER: &str = "hallinto@liitto.example.org";
const PARTY_ADMIN: &str = "lahti@lahti.example.org";

struct Fixture {
    region: Region,
    lahti: Party,
    heinola: Party,
    term: CouncilTerm,
    strategic_item: AgendaItem,
    chairs_item: AgendaItem,
    action: ActionItem,
}

/// Päijät-Häme with two municipalities, the strategic and the chairs' forum, the term
/// 2025–2029, a strategic forum's item that set the goals, a chairs' forum's coming
/// meeting with an item, an action agreed there; the catalogue with population (127,
/// additive, values for 2024 and 2025) and mortality (186, lower is better, no values).
async fn fixture(store: &Store) -> Fixture {
    let region = create_paijat_hame(store).await;
    let lahti: Party = create(store, region.id, municipality("398", "Lahti")).await;
    let heinola: Party = create(store, region.id, municipality("111", "Heinola")).await;
    let term: CouncilTerm = create(store, region.id, TermInput { start_date: d("2025-06-01"), end_date: d("2029-05-31") }).await;
    let strategic: Forum = create(store, region.id, forum("Strateginen foorumi", ForumLevel::Strategic)).await;
    let chairs: Forum = create(store, region.id, forum("Puheenjohtajafoorumi", ForumLevel::Chairs)).await;
    let strategic_meeting: Meeting = create(store, region.id, meeting(&strategic, "2025-09-15")).await;
    let strategic_item: AgendaItem = create(store, region.id, item(&strategic_meeting, "Valtuustokauden tavoitteet 2025–2029")).await;
    let next_year = chrono::Datelike::year(&foorumi_store::today()) + 1;
    let chairs_meeting: Meeting = create(store, region.id, meeting(&chairs, &format!("{next_year}-02-10"))).await;
    let chairs_item: AgendaItem = create(store, region.id, item(&chairs_meeting, "Valtuustokauden tavoitteiden vuosiseuranta")).await;
    let action: ActionItem = create(
        store,
        region.id,
        ActionInput {
            item_id: chairs_item.id,
            title: "Liikuntaneuvonnan malli kaikkiin kuntiin".into(),
            owner_party_id: Some(lahti.id),
            owner_person_id: None,
            due_date: None,
            status: ActionStatus::InProgress,
            notes: String::new(),
        },
    )
    .await;
    // The catalogue and the areas, as the indicator import gives them.
    load_catalogue(store).await;
    let curation = [
        IndicatorPatch { id: 127, additive: Some(true), ..IndicatorPatch::default() },
        IndicatorPatch { id: 186, better: Some(Better::Lower), ..IndicatorPatch::default() },
    ];
    indicators::apply_catalogue(store, &admin(), &author(), &curation).await.unwrap();
    let values = "municipality_code,primary.value,year\n398,120000,2024\n111,19000,2024\n398,121000,2025\n111,18800,2025\n";
    let reader = std::io::Cursor::new(values.as_bytes().to_vec());
    indicators::import_file(store, &admin(), &author(), reader, Format::Csv, Some(127), ImportOptions::default(), &mut |_, _| {})
        .await
        .unwrap();
    Fixture { region, lahti, heinola, term, strategic_item, chairs_item, action }
}

struct Goals {
    goal: Goal,
    population: GoalTarget,
}

/// One line with one goal: two measures (weights 3 and 1, progress 100 and 0), the
/// region's population target and a mortality target without data, statuses for 2025
/// and 2026 and the chairs' forum's assessment of 2026.
async fn goals(store: &Store, f: &Fixture) -> Goals {
    let line: TermLine = create(
        store,
        f.region.id,
        TermLineInput {
            term_id: f.term.id,
            position: 0,
            name: Names::new("Hyvinvointi ja terveyden edistäminen", "Välfärd och hälsofrämjande", "Wellbeing and health promotion"),
            description: Names::default(),
        },
    )
    .await;
    assert_eq!(line.input.position, 1, "a new line goes last");
    let goal: Goal = create(
        store,
        f.region.id,
        GoalInput {
            line_id: line.id,
            position: 0,
            name: Names::new("Väestö kasvaa", "Befolkningen växer", "The population grows"),
            description: Names::default(),
            decided_item_id: Some(f.strategic_item.id),
        },
    )
    .await;
    let measure = |description: &str, weight, progress, owners: Vec<Id>, actions: Vec<Id>| MeasureInput {
        goal_id: goal.id,
        position: 0,
        description: Names::new(description, "", ""),
        owner_party_ids: owners,
        weight,
        progress,
        start_date: Some(d("2025-08-01")),
        end_date: Some(d("2027-12-31")),
        action_ids: actions,
    };
    let first: Measure =
        create(store, f.region.id, measure("Vetovoimaohjelma", 3, 100, vec![f.lahti.id, f.heinola.id], vec![f.action.id])).await;
    assert_eq!(first.input.owner_party_ids, vec![f.lahti.id, f.heinola.id]);
    create::<Measure>(store, f.region.id, measure("Asuntomessut", 1, 0, vec![f.heinola.id], vec![])).await;
    let target = |indicator, kind: AreaKind, code: &str, baseline, target| GoalTargetInput {
        goal_id: goal.id,
        indicator_id: indicator,
        area_kind: kind,
        area_code: code.into(),
        baseline_year: 2024,
        baseline_value: baseline,
        target_value: target,
        target_year: 2029,
    };
    let population: GoalTarget = create(store, f.region.id, target(127, AreaKind::Region, "7", 139_000.0, 142_000.0)).await;
    assert_eq!(population.input.area_code, "07", "the code is kept at its full width");
    create::<GoalTarget>(store, f.region.id, target(186, AreaKind::Municipality, "398", 1100.0, 1000.0)).await;
    for (year, status) in [(2025, GoalState::OnTrack), (2026, GoalState::AtRisk)] {
        create::<GoalStatus>(
            store,
            f.region.id,
            GoalStatusInput { goal_id: goal.id, year, status, justification: "Muutto kääntyi.".into() },
        )
        .await;
    }
    create::<GoalAssessment>(
        store,
        f.region.id,
        GoalAssessmentInput {
            goal_id: goal.id,
            year: 2026,
            status: GoalState::OffTrack,
            text: "Väestö väheni; tavoitteeseen on vielä matkaa.".into(),
            item_id: Some(f.chairs_item.id),
        },
    )
    .await;
    Goals { goal, population }
}

// ---- storage, on both backends -------------------------------------------------------------

both_backends! {
    async fn the_report_rolls_up_progress_and_reads_the_indicators(store: &Store) {
        let f = fixture(store).await;
        let g = goals(store, &f).await;
        let report = goal_store::report(store, f.term.id, Some(2026)).await.unwrap();
        assert_eq!(report.years, vec![2025, 2026]);
        assert_eq!(report.lines.len(), 1);
        let goal = &report.lines[0].goals[0];
        assert_eq!(goal.goal.id, g.goal.id);
        // (3 × 100 + 1 × 0) / 4.
        assert_eq!(goal.progress, Some(75.0));
        assert_eq!(goal.decided_item.as_ref().map(|i| i.item_id), Some(f.strategic_item.id));
        let owners: Vec<&str> = goal.measures[0].owners.iter().map(|n| n.fi.as_str()).collect();
        assert_eq!(owners, vec!["Lahti", "Heinola"]);
        assert_eq!(goal.measures[0].actions[0].status, ActionStatus::InProgress);
        // The region's population is its members' sum; 2026 has no data yet.
        let population = goal.targets.iter().find(|t| t.target.id == g.population.id).unwrap();
        let values: Vec<(i32, Option<f64>)> = population.values.iter().map(|v| (v.year, v.value)).collect();
        assert_eq!(values, vec![(2024, Some(139_000.0)), (2025, Some(139_800.0)), (2026, None)]);
        assert_eq!(population.latest.map(|v| v.year), Some(2025));
        assert_eq!(population.trend, Trend::Toward);
        assert_eq!(population.source, "THL, Sotkanet");
        // Mortality has no values at all: missing, never 0, and no trend.
        let mortality = goal.targets.iter().find(|t| t.target.input.indicator_id == 186).unwrap();
        assert!(mortality.values.iter().all(|v| v.value.is_none()), "{:?}", mortality.values);
        assert_eq!(mortality.trend, Trend::NoData);
        assert_eq!(mortality.area_name.fi, "Lahti");
        let years: Vec<i32> = goal.statuses.iter().map(|s| s.input.year).collect();
        assert_eq!(years, vec![2025, 2026]);
        assert_eq!(goal.assessments[0].item.as_ref().map(|i| i.item_id), Some(f.chairs_item.id));
        // The 2025 report stops at 2025.
        let earlier = goal_store::report(store, f.term.id, Some(2025)).await.unwrap();
        assert_eq!(earlier.lines[0].goals[0].statuses.len(), 1);
        assert!(earlier.lines[0].goals[0].assessments.is_empty());
        // The term report covers every year of the term.
        let term = goal_store::report(store, f.term.id, None).await.unwrap();
        assert_eq!(term.years, (2025..=2029).collect::<Vec<_>>());
        // Values stop at this year: later years have none yet.
        let this_year = chrono::Datelike::year(&foorumi_store::today());
        let last_value = term.lines[0].goals[0].targets[0].values.last().map(|v| v.year);
        assert_eq!(last_value, Some(this_year.min(2029)));
        // For the situational picture: the forum's assessment outranks the status.
        let summary = goal_store::goal_statuses(store, f.region.id, 2026).await.unwrap();
        assert_eq!(summary.len(), 1);
        assert_eq!((summary[0].status, summary[0].progress), (Some(GoalState::OffTrack), Some(75.0)));
        let summary = goal_store::goal_statuses(store, f.region.id, 2025).await.unwrap();
        assert_eq!(summary[0].status, Some(GoalState::OnTrack));
        assert!(goal_store::goal_statuses(store, f.region.id, 2031).await.unwrap().is_empty());
        // Each goal rolls up only its own measures: a goal without any has no progress.
        let bare = GoalInput {
            line_id: g.goal.input.line_id,
            position: 0,
            name: Names::new("Liikkuva arki", "Rörlig vardag", "Active everyday life"),
            description: Names::default(),
            decided_item_id: None,
        };
        let bare: Goal = create(store, f.region.id, bare).await;
        let summary = goal_store::goal_statuses(store, f.region.id, 2026).await.unwrap();
        let progress: Vec<(Id, Option<f64>)> = summary.iter().map(|s| (s.goal_id, s.progress)).collect();
        assert_eq!(progress, vec![(g.goal.id, Some(75.0)), (bare.id, None)]);
    }

    async fn bad_records_are_refused_by_field_and_nothing_is_written(store: &Store) {
        let f = fixture(store).await;
        let g = goals(store, &f).await;
        let before = (count(store, "goal_statuses").await, count(store, "goal_targets").await, count(store, "goal_assessments").await);
        let status = |year| GoalStatusInput { goal_id: g.goal.id, year, status: GoalState::OnTrack, justification: String::new() };
        let result = records::create::<GoalStatus>(store, &admin(), &author(), f.region.id, status(2031)).await;
        assert_eq!(fields(result), vec![("year".to_owned(), "error-goal-year".to_owned())]);
        let result = records::create::<GoalStatus>(store, &admin(), &author(), f.region.id, status(2025)).await;
        assert_eq!(fields(result), vec![("year".to_owned(), "error-goal-year-taken".to_owned())]);
        // Mortality: lower is better, so a target above the baseline is refused.
        let mut target = g.population.input.clone();
        target.indicator_id = 186;
        target.baseline_value = 1000.0;
        target.target_value = 1100.0;
        let result = records::create::<GoalTarget>(store, &admin(), &author(), f.region.id, target.clone()).await;
        assert_eq!(fields(result), vec![("target_value".to_owned(), "error-goal-target-direction".to_owned())]);
        target.target_value = 900.0;
        target.area_code = "08".into();
        let result = records::create::<GoalTarget>(store, &admin(), &author(), f.region.id, target).await;
        assert_eq!(fields(result), vec![("area_code".to_owned(), "error-goal-target-area-code".to_owned())]);
        // The assessment is the chairs' forum's: a strategic forum's item is refused.
        let assessment = GoalAssessmentInput {
            goal_id: g.goal.id,
            year: 2025,
            status: GoalState::OnTrack,
            text: "Hyvä alku.".into(),
            item_id: Some(f.strategic_item.id),
        };
        let result = records::create::<GoalAssessment>(store, &admin(), &author(), f.region.id, assessment).await;
        assert_eq!(fields(result), vec![("item_id".to_owned(), "error-goal-item-not-chairs".to_owned())]);
        let measure = MeasureInput {
            goal_id: g.goal.id,
            position: 0,
            description: Names::new("Liian paljon", "", ""),
            owner_party_ids: vec![],
            weight: 1,
            progress: 120,
            start_date: None,
            end_date: None,
            action_ids: vec![],
        };
        let result = records::create::<Measure>(store, &admin(), &author(), f.region.id, measure).await;
        assert_eq!(fields(result), vec![("progress".to_owned(), "error-measure-progress".to_owned())]);
        let after = (count(store, "goal_statuses").await, count(store, "goal_targets").await, count(store, "goal_assessments").await);
        assert_eq!(before, after);
        // A party's administrator does not keep the region's goals.
        let party_admin = Actor { user_id: Some(9), party_admin: vec![f.lahti.id], ..Actor::default() };
        let result = records::create::<GoalStatus>(store, &party_admin, &author(), f.region.id, status(2027)).await;
        assert!(matches!(result, Err(Error::Forbidden)), "{result:?}");
    }

    async fn a_report_is_attached_to_the_chairs_forum_item_with_its_audit_entry(store: &Store) {
        let f = fixture(store).await;
        goals(store, &f).await;
        let file = || StoredFile { media_type: "application/pdf".into(), size: 1234, sha256: "ab".repeat(32) };
        let request = |item_id, year| ReportAttachment { item_id, term_id: f.term.id, year, name: "Tavoitteiden vuosiseuranta 2026.pdf".into() };
        let audit_before = count(store, "audit_log").await;
        // The annual report belongs on the chairs' forum's agenda, the term report on the
        // strategic forum's: both refused elsewhere, and nothing is written.
        let result = goal_store::attach_report(store, &admin(), &author(), &request(f.strategic_item.id, Some(2026)), file()).await;
        assert_eq!(fields(result), vec![("item_id".to_owned(), "error-goal-item-not-chairs".to_owned())]);
        let result = goal_store::attach_report(store, &admin(), &author(), &request(f.chairs_item.id, None), file()).await;
        assert_eq!(fields(result), vec![("item_id".to_owned(), "error-goal-item-not-strategic".to_owned())]);
        let member = Actor { user_id: Some(9), member_of: vec![f.chairs_item.forum_id], ..Actor::default() };
        let result = goal_store::attach_report(store, &member, &author(), &request(f.chairs_item.id, Some(2026)), file()).await;
        assert!(matches!(result, Err(Error::Forbidden)), "{result:?}");
        assert_eq!(count(store, "attachments").await, 0);
        assert_eq!(count(store, "audit_log").await, audit_before);
        let attachment =
            goal_store::attach_report(store, &admin(), &author(), &request(f.chairs_item.id, Some(2026)), file()).await.unwrap();
        assert_eq!(attachment.input.item_id, f.chairs_item.id);
        assert_eq!(attachment.input.publicity, Publicity::Public);
        let listed = foorumi_store::agendas::attachments_of(store, f.chairs_item.input.meeting_id).await.unwrap();
        assert_eq!(listed[&f.chairs_item.id][0].input.name, "Tavoitteiden vuosiseuranta 2026.pdf");
        // The attachment's own entry and the report's, in the same transaction.
        assert_eq!(count(store, "audit_log").await, audit_before + 2);
        let action: String = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_one(store.pool()).await.unwrap();
        assert_eq!(action, "attach_followup_report");
        // The chairs' forum's coming items are offered on the page.
        let offered = goal_store::report_items(store, f.region.id, ForumLevel::Chairs, foorumi_store::today()).await.unwrap();
        assert!(offered.iter().any(|i| i.item_id == f.chairs_item.id), "{offered:?}");
        assert!(offered.iter().all(|i| i.forum_id == f.chairs_item.forum_id), "{offered:?}");
    }

    async fn the_chairs_forum_is_checked_to_follow_up_the_goals_and_establish_the_picture_every_year(store: &Store) {
        use foorumi_core::plan::DutyStatus;
        let f = fixture(store).await;
        let goals = goals(store, &f).await;
        let today = foorumi_store::today();
        // Nothing done in the term's first year: missing, and every year so far is listed.
        let years = goal_store::annual_follow_ups(store, &f.term, today).await.unwrap();
        assert_eq!(years.iter().map(|y| y.year).collect::<Vec<_>>(), (2025..=chrono::Datelike::year(&today)).collect::<Vec<_>>());
        assert_eq!((years[0].status, years[0].assessment, years[0].snapshot_id), (DutyStatus::Missing, None, None));

        // The chairs' forum's autumn 2025 meeting assesses the goals and establishes the picture.
        let chairs: Forum = records::get(store, f.chairs_item.forum_id).await.unwrap();
        let autumn: Meeting = create(store, f.region.id, meeting(&chairs, "2025-10-02")).await;
        let follow_up: AgendaItem = create(store, f.region.id, item(&autumn, "Tavoitteiden vuosiseuranta 2025")).await;
        let picture: AgendaItem = create(store, f.region.id, item(&autumn, "Hyvinvoinnin tilannekuva 2025")).await;
        let assessment = GoalAssessmentInput {
            goal_id: goals.goal.id,
            year: 2025,
            status: GoalState::OnTrack,
            text: "Alku hyvä.".into(),
            item_id: Some(follow_up.id),
        };
        create::<GoalAssessment>(store, f.region.id, assessment).await;
        let years = goal_store::annual_follow_ups(store, &f.term, today).await.unwrap();
        assert_eq!(years[0].status, DutyStatus::Missing, "the picture is not yet established");
        assert_eq!(years[0].assessment.map(|i| (i.item_id, i.date)), Some((follow_up.id, d("2025-10-02"))));

        foorumi_store::picture::set_chosen_indicators(store, &admin(), &author(), f.region.id, &[127]).await.unwrap();
        let input = foorumi_core::picture::SnapshotInput { title: "Tilannekuva 2025".into(), commentary: String::new() };
        let snapshot = foorumi_store::snapshots::create(store, &admin(), &author(), f.region.id, input, d("2025-09-30")).await.unwrap();
        foorumi_store::snapshots::establish(store, &admin(), &author(), snapshot.id, picture.id).await.unwrap();
        let years = goal_store::annual_follow_ups(store, &f.term, today).await.unwrap();
        assert_eq!(years[0].status, DutyStatus::Met);
        assert_eq!((years[0].snapshot_id, years[0].snapshot_item.map(|i| i.item_id)), (Some(snapshot.id), Some(picture.id)));
        // The 2026 assessment was recorded with an item of next year's meeting: it counts there, not in 2025.
        assert!(years.iter().all(|y| y.assessment.is_none_or(|i| i.item_id != f.chairs_item.id)));

        // A cancelled meeting carries nothing.
        let mut cancelled = autumn.input.clone();
        cancelled.status = MeetingStatus::Cancelled;
        cancelled.cancel_reason = "Siirretty.".into();
        records::update::<Meeting>(store, &admin(), &author(), autumn.id, autumn.version, cancelled).await.unwrap();
        let years = goal_store::annual_follow_ups(store, &f.term, today).await.unwrap();
        assert_eq!((years[0].status, years[0].assessment, years[0].snapshot_id), (DutyStatus::Missing, None, None));
    }
}

// ---- pages and the API, on the real server -------------------------------------------------

#[test]
fn pages_show_the_goals_and_the_keeper_attaches_the_report_to_the_agenda() {
    block_on(async {
        let store = sqlite_store().await;
        let f = fixture(&store).await;
        let g = goals(&store, &f).await;
        add_user(&store, NewUser { grants: vec![Grant { region_id: f.region.id, party_id: None }], ..new_user(KEEPER) }).await;
        add_user(&store, NewUser { grants: vec![Grant { region_id: f.region.id, party_id: Some(f.lahti.id) }], ..new_user(PARTY_ADMIN) })
            .await;
        let app = TestApp::start(store).await;
        let public = client();
        let (status, html) = text(&public, &app.url(&format!("/regions/07/goals?term={}", f.term.id))).await;
        assert_eq!(status, StatusCode::OK);
        for needle in [
            "Valtuustokauden tavoitteet",
            "Väestö kasvaa",
            "75 %",
            "Vetovoimaohjelma",
            "Lahti, Heinola",
            "ei tietoa",
            "Lähde: THL, Sotkanet, 2025",
            "riskissä",
            "jäljessä",
        ] {
            assert!(html.contains(needle), "{needle:?} on the goals page:\n{html}");
        }
        // Readers see no edit links.
        assert!(!html.contains("/edit/goal/"), "{html}");
        // The chairs' forum's annual follow-up, year by year up to this one: nothing in
        // 2025, and the 2026 assessment was recorded at next year's meeting.
        assert!(html.contains("Puheenjohtajafoorumin vuosiseuranta"), "{html}");
        let row_2025 = html.split("<th scope=\"row\">2025</th>").nth(1).expect("a row for 2025").split("</tr>").next().unwrap();
        assert_eq!(row_2025.matches("puuttuu").count(), 3, "{row_2025}");
        assert!(row_2025.contains("/regions/07/goals/followup/2025?term="), "{row_2025}");
        let this_year = chrono::Datelike::year(&foorumi_store::today());
        assert!(html.contains(&format!("<th scope=\"row\">{this_year}</th>")), "{html}");
        assert!(!html.contains(&format!("<th scope=\"row\">{}</th>", this_year + 1)), "no row for years to come: {html}");
        let (status, html) = text(&public, &app.url(&format!("/goals/{}", g.goal.id))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<h1>Väestö kasvaa</h1>"), "{html}");
        let (status, html) = text(&public, &app.url("/regions/07/goals/followup/2026")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Valtuustokauden tavoitteiden vuosiseuranta 2026"), "{html}");
        assert!(html.contains("ei tietoa") && html.contains("kehitys tavoitteen suuntaan"), "{html}");
        assert!(!html.contains("/attach"), "no attach form for the public: {html}");
        let (status, _) = text(&public, &app.url("/regions/07/goals/followup/2031")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let pdf = public.get(app.url("/regions/07/goals/followup/2026/report.pdf")).send().await.unwrap();
        assert_eq!(pdf.status(), StatusCode::OK);
        assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));

        // A party's administrator is not a keeper: no form, and a post is refused.
        let lahti = sign_in(&app, PARTY_ADMIN).await;
        let (_, html) = text(&lahti, &app.url("/regions/07/goals/followup/2026")).await;
        assert!(!html.contains("goals/followup/2026/attach"), "{html}");
        let csrf = csrf_of(&html);
        let item = f.chairs_item.id.to_string();
        let refused = lahti
            .post(app.url(&format!("/regions/07/goals/followup/2026/attach?term={}", f.term.id)))
            .form(&[("csrf", csrf.as_str()), ("item_id", item.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);

        // The keeper picks the chairs' forum's coming item; the report becomes its attachment.
        let keeper = sign_in(&app, KEEPER).await;
        let (_, html) = text(&keeper, &app.url("/regions/07/goals/followup/2026")).await;
        assert!(html.contains("Valtuustokauden tavoitteiden vuosiseuranta</option>"), "{html}");
        let csrf = csrf_of(&html);
        let response = keeper
            .post(app.url(&format!("/regions/07/goals/followup/2026/attach?term={}", f.term.id)))
            .form(&[("csrf", csrf.as_str()), ("item_id", item.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()["location"], format!("/agenda-items/{}", f.chairs_item.id).as_str());
        let listed: Value =
            keeper.get(app.url(&format!("/api/v1/attachments?item_id={}", f.chairs_item.id))).send().await.unwrap().json().await.unwrap();
        let attachment = &listed["items"][0];
        assert_eq!(attachment["name"], "Tavoitteiden vuosiseuranta 2026.pdf");
        assert_eq!(attachment["media_type"], "application/pdf");
        let content = keeper.get(app.url(&format!("/api/v1/attachments/{}/content", attachment["id"]))).send().await.unwrap();
        assert!(content.bytes().await.unwrap().starts_with(b"%PDF"));
        // The keeper's goals page has the forms' links; the form names its errors.
        let (_, html) = text(&keeper, &app.url("/regions/07/goals")).await;
        assert!(html.contains(&format!("/edit/goal/{}", g.goal.id)), "{html}");
        let (_, form) = text(&keeper, &app.url(&format!("/regions/07/new/goal-status?goal_id={}", g.goal.id))).await;
        let csrf = csrf_of(&form);
        let goal_id = g.goal.id.to_string();
        let response = keeper
            .post(app.url("/regions/07/new/goal-status"))
            .form(&[("csrf", csrf.as_str()), ("goal_id", goal_id.as_str()), ("year", "2025"), ("status", "achieved")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("Tavoitteelle on jo kirjattu tämä vuosi."));
    })
}

#[test]
fn the_api_gives_the_report_and_attaches_it_for_keepers_only() {
    block_on(async {
        let store = sqlite_store().await;
        let f = fixture(&store).await;
        let g = goals(&store, &f).await;
        add_user(&store, NewUser { grants: vec![Grant { region_id: f.region.id, party_id: None }], ..new_user(KEEPER) }).await;
        add_user(&store, NewUser { grants: vec![Grant { region_id: f.region.id, party_id: Some(f.lahti.id) }], ..new_user(PARTY_ADMIN) })
            .await;
        let app = TestApp::start(store).await;
        let http = Client::new();
        let report: Value =
            http.get(app.url(&format!("/api/v1/council-terms/{}/followup/2026", f.term.id))).send().await.unwrap().json().await.unwrap();
        assert_eq!(report["missing"], "ei tietoa");
        let goal = &report["report"]["lines"][0]["goals"][0];
        assert_eq!(goal["progress"], 75.0);
        assert_eq!(goal["targets"][1]["values"][0]["value"], Value::Null);
        // The public does not read the title of an action agreed in the forum.
        assert_eq!(goal["measures"][0]["actions"][0]["title"], "");
        assert_eq!(goal["measures"][0]["actions"][0]["status"], "in_progress");
        let list: Value =
            http.get(app.url(&format!("/api/v1/goal-statuses?goal_id={}", g.goal.id))).send().await.unwrap().json().await.unwrap();
        assert_eq!(list["total"], 2);
        // The chairs' forum's annual duty, year by year: 2025 with nothing done.
        let duty = api(&app, Method::GET, &format!("/api/v1/council-terms/{}/annual-follow-ups", f.term.id), None, &[], None).await.body;
        let first = &duty["follow_ups"][0];
        assert_eq!((first["year"].as_i64(), first["status"].as_str()), (Some(2025), Some("missing")), "{duty}");
        assert_eq!((&first["assessment"], &first["snapshot_id"]), (&Value::Null, &Value::Null), "{duty}");
        let unknown = api(&app, Method::GET, "/api/v1/council-terms/9999/annual-follow-ups", None, &[], None).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        // Bad input is a problem document naming the field.
        let bad = serde_json::json!({ "goal_id": g.goal.id, "year": 2031, "status": "on_track" });
        let response =
            http.post(app.url("/api/v1/goal-statuses?region=07")).basic_auth(KEEPER, Some(PASSWORD)).json(&bad).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "year");
        let path = format!("/api/v1/council-terms/{}/followup/2026/attach", f.term.id);
        let body = serde_json::json!({ "item_id": f.chairs_item.id });
        let refused = http.post(app.url(&path)).basic_auth(PARTY_ADMIN, Some(PASSWORD)).json(&body).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert_eq!(refused.headers()["content-type"], "application/problem+json");
        let wrong = serde_json::json!({ "item_id": f.strategic_item.id });
        let response = http.post(app.url(&path)).basic_auth(KEEPER, Some(PASSWORD)).json(&wrong).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let created = http.post(app.url(&path)).basic_auth(KEEPER, Some(PASSWORD)).json(&body).send().await.unwrap();
        assert_eq!(created.status(), StatusCode::CREATED);
        let attachment: Value = created.json().await.unwrap();
        assert_eq!(attachment["item_id"], f.chairs_item.id);
        assert_eq!(attachment["media_type"], "application/pdf");
        // Documented, with every schema the report's operations refer to.
        let doc: Value = http.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
        for path in [
            "/api/v1/council-terms/{id}/followup/{year}",
            "/api/v1/council-terms/{id}/followup/{year}/attach",
            "/api/v1/goals",
            "/api/v1/goal-targets/{id}",
        ] {
            assert!(doc["paths"][path].is_object(), "{path} documented");
        }
        let text = doc.to_string();
        for piece in text.split("\"#/components/schemas/").skip(1) {
            let name = &piece[..piece.find('"').unwrap()];
            assert!(doc["components"]["schemas"][name].is_object(), "schema {name} is referred to but missing");
        }
    })
}

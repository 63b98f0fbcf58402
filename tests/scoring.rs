//! Scoring: a point per correct part, no penalty for guessing, the 1000 scale and 700 pass.

mod common;

use az400_sprint::bank::Body;
use az400_sprint::response::Response;
use az400_sprint::scoring::{Points, passes, points, report, scaled};

fn body(id: &str) -> Body {
    common::fixture_bank().question(id).unwrap().body().clone()
}

fn p(earned: u32, possible: u32) -> Points {
    Points { earned, possible }
}

#[test]
fn every_type_earns_a_point_per_correct_part() {
    let single = body("deployments-fixture-single"); // option 0 right
    let multiple = body("branching-fixture-multiple"); // options 0 and 1 right
    let order = body("iac-fixture-order"); // 4 steps + 1 distractor (index 4)
    let yesno = body("secrets-fixture-yesno"); // yes, no
    let fill = body("analysis-fixture-fill"); // slot answers 0, 0
    let cases: Vec<(&str, &Body, Option<Response>, Points)> = vec![
        (
            "single right",
            &single,
            Some(Response::Choices(vec![0])),
            p(1, 1),
        ),
        (
            "single wrong",
            &single,
            Some(Response::Choices(vec![2])),
            p(0, 1),
        ),
        ("single unanswered", &single, None, p(0, 1)),
        (
            "multiple both",
            &multiple,
            Some(Response::Choices(vec![1, 0])),
            p(2, 2),
        ),
        (
            "multiple one of two",
            &multiple,
            Some(Response::Choices(vec![0, 3])),
            p(1, 2),
        ),
        (
            "multiple none right",
            &multiple,
            Some(Response::Choices(vec![2, 3])),
            p(0, 2),
        ),
        (
            "multiple over-picked",
            &multiple,
            Some(Response::Choices(vec![0, 1, 2])),
            p(0, 2),
        ),
        (
            "order exact",
            &order,
            Some(Response::Order(vec![0, 1, 2, 3])),
            p(4, 4),
        ),
        (
            "order two swapped",
            &order,
            Some(Response::Order(vec![1, 0, 2, 3])),
            p(2, 4),
        ),
        (
            "order with distractor",
            &order,
            Some(Response::Order(vec![0, 4, 2, 3])),
            p(3, 4),
        ),
        (
            "order partial list",
            &order,
            Some(Response::Order(vec![0, 1])),
            p(2, 4),
        ),
        (
            "yesno both",
            &yesno,
            Some(Response::YesNo(vec![Some(true), Some(false)])),
            p(2, 2),
        ),
        (
            "yesno one",
            &yesno,
            Some(Response::YesNo(vec![Some(true), Some(true)])),
            p(1, 2),
        ),
        (
            "yesno half answered",
            &yesno,
            Some(Response::YesNo(vec![None, Some(false)])),
            p(1, 2),
        ),
        (
            "fill both",
            &fill,
            Some(Response::Fill(vec![Some(0), Some(0)])),
            p(2, 2),
        ),
        (
            "fill one",
            &fill,
            Some(Response::Fill(vec![Some(0), Some(2)])),
            p(1, 2),
        ),
        (
            "fill none chosen",
            &fill,
            Some(Response::Fill(vec![None, None])),
            p(0, 2),
        ),
        (
            "wrong shape",
            &fill,
            Some(Response::Choices(vec![0])),
            p(0, 2),
        ),
    ];
    for (name, body, response, expected) in cases {
        assert_eq!(points(body, response.as_ref()), expected, "{name}");
    }
}

#[test]
fn the_scale_runs_from_0_to_1000_and_passes_exactly_at_700() {
    assert_eq!(scaled(p(0, 10)), 0);
    assert_eq!(scaled(p(10, 10)), 1000);
    assert_eq!(scaled(p(7, 10)), 700);
    assert_eq!(scaled(p(2, 3)), 667);
    assert_eq!(scaled(p(0, 0)), 0);
    assert!(passes(700));
    assert!(!passes(699));
    // 699.5 rounds to 700 and passes; 699.4 does not.
    assert_eq!(scaled(p(1399, 2000)), 700);
    assert_eq!(scaled(p(6994, 10000)), 699);
}

#[test]
fn the_report_breaks_points_down_by_domain_and_skill_in_blueprint_order() {
    let bank = common::fixture_bank();
    let answers: Vec<_> = bank
        .questions
        .iter()
        .map(|q| {
            let response = match q.id.as_str() {
                "deployments-fixture-single" => Some(Response::Choices(vec![0])),
                "iac-fixture-order" => Some(Response::Order(vec![0, 1, 2, 3])),
                "branching-fixture-multiple" => Some(Response::Choices(vec![0, 2])),
                _ => None,
            };
            (q, response)
        })
        .collect();
    let r = report(
        &bank.blueprint,
        answers.iter().map(|(q, r)| (*q, r.as_ref())),
    );
    // single 1/1, order 4/4, multiple 1/2, yesno 0/2, fill 0/2, two case questions 0/1 each.
    assert_eq!(r.total, p(6, 13));
    assert_eq!(r.scaled, 462);
    assert!(!r.passed);
    let ids: Vec<&str> = r.domains.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "processes",
            "source-control",
            "pipelines",
            "security",
            "instrumentation"
        ]
    );
    let pipelines = r
        .domains
        .iter()
        .find(|(id, _)| id == "pipelines")
        .unwrap()
        .1;
    assert_eq!(pipelines, p(5, 6));
    assert_eq!(pipelines.percent(), 83);
    let deployments = r
        .skills
        .iter()
        .find(|(id, _)| id == "deployments")
        .unwrap()
        .1;
    assert_eq!(deployments, p(1, 1));

    // The same points, recorded per item as an attempt keeps them, give the same report.
    let scored: Vec<(&str, &str, Points)> = answers
        .iter()
        .map(|(q, r)| {
            (
                q.domain.as_str(),
                q.skill.as_str(),
                points(q.body(), r.as_ref()),
            )
        })
        .collect();
    assert_eq!(az400_sprint::scoring::tally(&bank.blueprint, scored), r);
    assert_eq!(r.points_of("pipelines"), Some(p(5, 6)));
    assert_eq!(r.points_of("no-such-skill"), None);
}

//! GIFT reading and writing on small texts: escapes both ways, weights, true/false
//! feedback order, numerical forms, and what is skipped.

use super::*;

fn one(text: &str) -> Draft {
    let bank = read("t.gift", "T", text).expect("reads");
    assert_eq!(bank.skipped, vec![], "{text}");
    bank.chapters[0].questions[0].clone()
}

#[test]
fn escaped_text_is_written_and_read_back_unchanged() {
    let tricky = "a ~ b = c # d { e } f: g \\ h\nline two";
    let draft = Draft {
        id: Some("tricky".into()),
        prompt: tricky.into(),
        kind: QuestionKind::Short {
            answer: "x = {y}".into(),
            alternatives: vec!["z: ~w".into()],
        },
        hint: "h: #1".into(),
        explanation: "e = mc^2".into(),
        section: 0,
        objective: None,
    };
    let bank = Bank {
        chapters: vec![ChapterDraft {
            title: "T".into(),
            questions: vec![draft.clone()],
            ..ChapterDraft::default()
        }],
        skipped: vec![],
    };
    let (text, skipped) = write(&bank);
    assert_eq!(skipped, vec![]);
    assert_eq!(one(&text), draft, "{text}");
}

#[test]
fn numerical_forms() {
    let kind = |text: &str| one(text).kind;
    assert_eq!(
        kind("Q {#5}"),
        QuestionKind::Numeric {
            answer: 5.0,
            tolerance: 0.0,
            unit: None
        }
    );
    assert_eq!(
        kind("Q {#4..6}"),
        QuestionKind::Numeric {
            answer: 5.0,
            tolerance: 1.0,
            unit: None
        }
    );
    assert_eq!(
        kind("Q {#=%50%7:1 =5:0.5}"),
        QuestionKind::Numeric {
            answer: 5.0,
            tolerance: 0.5,
            unit: None
        }
    );
}

#[test]
fn a_single_right_weight_among_wrong_ones_is_a_single_choice() {
    assert_eq!(
        one("Q {~%100%a ~%-50%b ~c}").kind,
        QuestionKind::Single {
            answer: "a".into(),
            distractors: vec!["b".into(), "c".into()],
            shuffle: true
        }
    );
}

#[test]
fn what_cannot_be_converted_is_skipped_with_its_line() {
    let bank = read(
        "t.gift",
        "T",
        "Q1 {~a ~b}\n\nQ2 {}\n\nQ3 {=a} and {=b}\n\nQ4 {=a ~%100%b ~%50%c}\n",
    )
    .expect("reads");
    let lines: Vec<String> = bank.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "t.gift:1: skipped: no answer is marked right ('=' or a positive '%n%' weight)",
            "t.gift:3: skipped: an essay question with no model answer (give one as '####' general feedback)",
            "t.gift:5: skipped: more than one answer block in a question (embedded answers)",
            "t.gift:7: skipped: every choice is right: nothing to choose between",
        ]
    );
}

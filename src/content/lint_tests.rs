use super::*;

#[test]
fn normalize_folds_case_spaces_ampersands_and_edge_punctuation() {
    assert_eq!(normalize("  Data   Drift. "), "data drift");
    assert_eq!(normalize("R&D"), "r and d");
    assert_eq!(normalize("(about 5%)"), "about 5%");
}

#[test]
fn whole_words_only() {
    assert!(contains_words(
        " think of quantisation levels ",
        "quantisation"
    ));
    assert!(!contains_words("the wording", "word"));
    assert!(!contains_words("anything", ""));
}

#[test]
fn numbers_print_as_a_student_types_them() {
    assert_eq!(format_number(19.0), "19");
    assert_eq!(format_number(0.5), "0.5");
}

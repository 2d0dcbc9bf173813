//! The user's config file (`config.toml` in the platform's config folder): the colour
//! theme, mouse-wheel capture and key rebindings for the reader. A missing file means the
//! defaults; a malformed one is refused with one line naming the file, the line and the
//! column, so a student can fix it without guessing. The format is documented in
//! `docs/configuration.md`.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use toml::Spanned;

use crate::app::keys::{Action, Key, KeyMap, action_named};
use crate::ui::theme::ThemeName;

/// The config file's name inside the config folder.
pub const CONFIG_FILE: &str = "config.toml";

/// The themes a config may name, with their names.
const THEMES: &[(&str, ThemeName)] = &[
    ("dark", ThemeName::Dark),
    ("light", ThemeName::Light),
    ("high-contrast", ThemeName::HighContrast),
];

/// What the key-name error suggests.
const KEY_EXAMPLES: &str = "j, G, Ctrl+d, Alt+x, Up, PageDown, Home, Enter, Esc, Tab, Space, F1";

/// The settings in force.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The colour theme (monochrome still wins when colour is off).
    pub theme: ThemeName,
    /// The reader's key bindings: the defaults with the file's `[keybindings]` applied.
    pub keys: KeyMap,
    /// Capture the mouse wheel to scroll (text selection then needs Shift).
    pub mouse: bool,
    /// The learning record store `sync` sends to (`[lrs]`, see docs/class.md).
    pub lrs: crate::sync::settings::LrsFile,
}

impl Config {
    /// The theme to draw with: the configured one, or monochrome when colour is off.
    pub fn theme_for(&self, colour: bool) -> ThemeName {
        if colour { self.theme } else { ThemeName::Mono }
    }
}

/// Why the config file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The file exists but could not be read.
    Read { path: PathBuf, reason: String },
    /// The file is not a valid config: where and why.
    Invalid {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read { path, reason } => {
                write!(f, "cannot read '{}': {reason}", path.display())
            }
            Self::Invalid {
                path,
                line,
                col,
                message,
            } => write!(f, "{}:{line}:{col}: {message}", path.display()),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Where the config file lives, e.g. `~/.config/mlsys-learn/config.toml` on Linux.
pub fn config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "mlsys-learn")
        .map(|dirs| dirs.config_dir().join(CONFIG_FILE))
}

/// Reads the config at `path`; a missing file gives the defaults.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    match fs::read_to_string(path) {
        Ok(text) => parse(&text, path),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Config::default()),
        Err(error) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            reason: error.to_string(),
        }),
    }
}

/// Parses config text; `path` is only used in messages.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let at = |span: Range<usize>, message: String| invalid(text, path, span.start, message);
    let raw: RawConfig = toml::from_str(text).map_err(|error| {
        let start = error.span().map_or(0, |span| span.start);
        invalid(text, path, start, first_line(error.message()))
    })?;
    let mut config = Config {
        mouse: raw.mouse.unwrap_or(false),
        lrs: raw.lrs.unwrap_or_default(),
        ..Config::default()
    };
    if let Some(theme) = raw.theme {
        config.theme = theme_named(theme.get_ref()).map_err(|m| at(theme.span(), m))?;
    }
    if let Some(table) = raw.keybindings {
        bind_all(&mut config.keys, &table).map_err(|(span, m)| at(span, m))?;
    }
    Ok(config)
}

/// The file as written: every field optional, nothing unknown.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<Spanned<String>>,
    mouse: Option<bool>,
    keybindings: Option<BTreeMap<Spanned<String>, Spanned<KeyNames>>>,
    lrs: Option<crate::sync::settings::LrsFile>,
}

/// The keys of one action: `"j"` or `["j", "Down"]`.
#[derive(Debug)]
enum KeyNames {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for KeyNames {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyNamesVisitor)
    }
}

struct KeyNamesVisitor;

impl<'de> Visitor<'de> for KeyNamesVisitor {
    type Value = KeyNames;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key name or a list of key names, like \"j\" or [\"j\", \"Down\"]")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<KeyNames, E> {
        Ok(KeyNames::One(value.to_string()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyNames, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = seq.next_element()? {
            names.push(name);
        }
        Ok(KeyNames::Many(names))
    }
}

fn theme_named(name: &str) -> Result<ThemeName, String> {
    THEMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, theme)| *theme)
        .ok_or_else(|| {
            let names: Vec<&str> = THEMES.iter().map(|(n, _)| *n).collect();
            format!("unknown theme '{name}' (expected {})", names.join(", "))
        })
}

type Located = (Range<usize>, String);

/// Applies every `[keybindings]` entry, then checks that no key means two actions.
fn bind_all(
    keys: &mut KeyMap,
    table: &BTreeMap<Spanned<String>, Spanned<KeyNames>>,
) -> Result<(), Located> {
    let mut rebound = Vec::new();
    for (name, names) in table {
        let action = action_named(name.get_ref())
            .ok_or_else(|| (name.span(), unknown_action(name.get_ref())))?;
        let parsed = parse_keys(name.get_ref(), names)?;
        keys.bind(
            action,
            parsed.iter().map(|(n, k, _)| (n.clone(), *k)).collect(),
        );
        rebound.push((action, parsed));
    }
    for (action, parsed) in &rebound {
        check_conflicts(keys, *action, parsed)?;
    }
    Ok(())
}

fn unknown_action(name: &str) -> String {
    let hint = closest_action(name).map_or_else(
        || "the actions are listed in docs/configuration.md".to_string(),
        |near| format!("did you mean '{near}'?"),
    );
    format!("unknown action '{name}' in [keybindings] ({hint})")
}

/// The action name within two edits of `name`, if there is one.
fn closest_action(name: &str) -> Option<&'static str> {
    crate::app::keys::ACTIONS
        .iter()
        .map(|(_, candidate, _)| (edit_distance(name, candidate), *candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The keys of one entry, each with where it was written.
fn parse_keys(
    action: &str,
    names: &Spanned<KeyNames>,
) -> Result<Vec<(String, Key, Range<usize>)>, Located> {
    let listed: Vec<(&str, Range<usize>)> = match names.get_ref() {
        KeyNames::One(name) => vec![(name.as_str(), names.span())],
        KeyNames::Many(list) => list
            .iter()
            .map(|n| (n.get_ref().as_str(), n.span()))
            .collect(),
    };
    if listed.is_empty() && action == "quit" {
        return Err((names.span(), "'quit' needs at least one key".to_string()));
    }
    listed
        .into_iter()
        .map(|(name, span)| match Key::parse(name) {
            Some(key) => Ok((name.to_string(), key, span)),
            None => Err((
                span,
                format!("unknown key '{name}' for '{action}' (keys look like {KEY_EXAMPLES})"),
            )),
        })
        .collect()
}

/// A rebound key that another action still uses would never reach its new action.
fn check_conflicts(
    keys: &KeyMap,
    action: Action,
    parsed: &[(String, Key, Range<usize>)],
) -> Result<(), Located> {
    for (name, key, span) in parsed {
        let event = crossterm::event::KeyEvent::new(key.code, key.modifiers);
        match keys.action(&event) {
            Some(other) if other != action => {
                let other = action_display(other);
                return Err((
                    span.clone(),
                    format!(
                        "key '{name}' for '{}' is also bound to '{other}'; give '{other}' other keys as well ({other} = [...])",
                        action_display(action)
                    ),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// An action's config name.
fn action_display(action: Action) -> &'static str {
    crate::app::keys::ACTIONS
        .iter()
        .find(|(a, _, _)| *a == action)
        .map_or("?", |(_, name, _)| name)
}

/// toml's message without the source excerpt it may append.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_string()
}

fn invalid(text: &str, path: &Path, offset: usize, message: String) -> ConfigError {
    let (line, col) = line_col(text, offset);
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        col,
        message,
    }
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keys::ACTIONS;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    const PATH: &str = "/home/ana/.config/mlsys-learn/config.toml";

    fn parsed(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new(PATH))
    }

    fn error(text: &str) -> String {
        match parsed(text) {
            Ok(_) => panic!("expected an error for:\n{text}"),
            Err(e) => e.to_string(),
        }
    }

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn a_missing_file_gives_the_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = load(&dir.path().join("config.toml")).expect("defaults");
        assert_eq!(config.theme, ThemeName::Dark);
        assert!(!config.mouse);
        assert_eq!(config.keys.action(&press('j')), Some(Action::ScrollDown));
    }

    #[test]
    fn an_empty_file_gives_the_defaults() {
        let config = parsed("# nothing yet\n").expect("defaults");
        assert_eq!(config.theme, ThemeName::Dark);
        assert!(!config.mouse);
    }

    #[test]
    fn a_full_valid_file_applies_every_setting() {
        let text = r#"
theme = "high-contrast"
mouse = true

[keybindings]
scroll_down = ["x", "Down"]
page_down = "Ctrl+f"
quit = ["Q", "Esc"]
quiz = "F5"
"#;
        let config = parsed(text).expect("valid");
        assert_eq!(config.theme, ThemeName::HighContrast);
        assert!(config.mouse);
        let keys = &config.keys;
        assert_eq!(keys.action(&press('x')), Some(Action::ScrollDown));
        assert_eq!(keys.action(&press('j')), None);
        assert_eq!(keys.names(Action::ScrollDown), "x/Down");
        assert_eq!(keys.names(Action::PageDown), "Ctrl+f");
        assert_eq!(
            keys.action(&KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL)),
            Some(Action::PageDown)
        );
        assert_eq!(keys.action(&press('Q')), Some(Action::Quit));
        assert_eq!(keys.action(&press('q')), None);
        assert_eq!(
            keys.names(Action::Top),
            "g/Home",
            "others keep their defaults"
        );
    }

    #[test]
    fn every_theme_name_is_accepted() {
        for (name, theme) in THEMES {
            let config = parsed(&format!("theme = \"{name}\"")).expect("theme");
            assert_eq!(config.theme, *theme);
            assert_eq!(config.theme_for(false), ThemeName::Mono);
            assert_eq!(config.theme_for(true), *theme);
        }
    }

    #[test]
    fn an_unknown_theme_names_file_line_and_column() {
        let text = "mouse = false\n\ntheme = \"purple\"\n";
        assert_eq!(
            error(text),
            format!("{PATH}:3:9: unknown theme 'purple' (expected dark, light, high-contrast)")
        );
    }

    #[test]
    fn a_syntax_error_is_located() {
        let message = error("theme = \"dark\"\nmouse = \n");
        assert!(message.starts_with(&format!("{PATH}:2:")), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }

    #[test]
    fn a_wrong_type_is_located() {
        let message = error("mouse = \"yes\"\n");
        assert!(message.starts_with(&format!("{PATH}:1:9: ")), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }

    #[test]
    fn lrs_auto_is_off_unless_the_lrs_table_turns_it_on() {
        assert!(!parsed("").expect("empty").lrs.auto);
        let without = parsed("[lrs]\nendpoint = \"http://lrs.example/xAPI\"\n").expect("lrs");
        assert!(!without.lrs.auto);
        let with =
            parsed("[lrs]\nendpoint = \"http://lrs.example/xAPI\"\nauto = true\n").expect("auto");
        assert!(with.lrs.auto);
        assert_eq!(
            with.lrs.endpoint.as_deref(),
            Some("http://lrs.example/xAPI")
        );
        assert!(!parsed("[lrs]\nauto = false\n").expect("off").lrs.auto);
    }

    #[test]
    fn a_wrong_lrs_auto_is_located() {
        let message = error("[lrs]\nauto = \"yes\"\n");
        assert!(message.starts_with(&format!("{PATH}:2:8: ")), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
        let message = error("[lrs]\nautomatic = true\n");
        assert!(message.starts_with(&format!("{PATH}:2:1: ")), "{message}");
        assert!(message.contains("automatic"), "{message}");
    }

    #[test]
    fn an_unknown_key_is_located() {
        let message = error("theme = \"dark\"\ncolour = \"red\"\n");
        assert!(message.starts_with(&format!("{PATH}:2:1: ")), "{message}");
        assert!(message.contains("colour"), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    }

    #[test]
    fn an_unknown_action_is_located() {
        let message = error("[keybindings]\nscroll_down = \"x\"\nfly = \"y\"\n");
        assert_eq!(
            message,
            format!(
                "{PATH}:3:1: unknown action 'fly' in [keybindings] (the actions are listed in docs/configuration.md)"
            )
        );
        assert!(
            error("[keybindings]\nscrol_down = \"x\"\n").ends_with("(did you mean 'scroll_down'?)")
        );
    }

    #[test]
    fn an_unknown_key_name_points_at_it() {
        let message = error("[keybindings]\npage_down = [\"Space\", \"ctrl+f\"]\n");
        assert!(
            message.starts_with(&format!(
                "{PATH}:2:23: unknown key 'ctrl+f' for 'page_down'"
            )),
            "{message}"
        );
        let single = error("[keybindings]\ntop = \"Hyper+g\"\n");
        assert!(
            single.starts_with(&format!("{PATH}:2:7: unknown key 'Hyper+g' for 'top'")),
            "{single}"
        );
    }

    #[test]
    fn a_key_taken_by_another_action_is_refused() {
        let message = error("[keybindings]\npage_down = \"j\"\n");
        assert!(
            message.starts_with(&format!(
                "{PATH}:2:13: key 'j' for 'page_down' is also bound to 'scroll_down'"
            )),
            "{message}"
        );
        parsed("[keybindings]\npage_down = \"j\"\nscroll_down = \"Down\"\n")
            .expect("freeing the key first is fine");
    }

    #[test]
    fn quit_needs_a_key_but_others_may_be_unbound() {
        let message = error("[keybindings]\nquit = []\n");
        assert!(
            message.starts_with(&format!("{PATH}:2:8: 'quit' needs")),
            "{message}"
        );
        let config = parsed("[keybindings]\nbookmark = []\n").expect("unbinding");
        assert_eq!(config.keys.action(&press('m')), None);
    }

    #[test]
    fn an_unreadable_file_says_so() {
        let dir = tempfile::tempdir().expect("temp dir");
        let message = load(dir.path())
            .expect_err("a folder is not a file")
            .to_string();
        assert!(message.starts_with("cannot read '"), "{message}");
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("quit", "quit"), 0);
        assert_eq!(edit_distance("qit", "quit"), 1);
        assert_eq!(edit_distance("pagedown", "page_down"), 1);
        assert_eq!(edit_distance("", "top"), 3);
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_col("é = 1\nab", 7), (2, 1));
        assert_eq!(line_col("é = 1", 2), (1, 2));
        assert_eq!(line_col("", 5), (1, 1));
    }

    #[test]
    fn the_doc_lists_every_action() {
        let doc = include_str!("../docs/configuration.md");
        for (_, name, _) in ACTIONS {
            assert!(
                doc.contains(&format!("`{name}`")),
                "docs/configuration.md does not mention the action `{name}`"
            );
        }
        for (name, _) in THEMES {
            assert!(doc.contains(&format!("\"{name}\"")), "theme {name}");
        }
    }

    #[test]
    fn the_doc_gives_the_real_default_keys() {
        let doc = include_str!("../docs/configuration.md");
        let defaults = KeyMap::default();
        for (action, name, help) in ACTIONS {
            let row = doc
                .lines()
                .find(|l| l.starts_with(&format!("| `{name}` |")))
                .unwrap_or_else(|| panic!("no table row for `{name}`"));
            let cells: Vec<&str> = row.split(" | ").collect();
            let keys: Vec<&str> = cells[1].split(", ").map(|k| k.trim_matches('`')).collect();
            assert_eq!(keys.join("/"), defaults.names(*action), "keys of `{name}`");
            assert_eq!(cells[2].trim_end_matches(" |"), *help, "help of `{name}`");
        }
    }
}

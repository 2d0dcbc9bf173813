//! Reader commands and the keys bound to them. The defaults live here; the config file's
//! `[keybindings]` table can rebind any command by its name (`page_down = ["Space", "f"]`).
//! Key names are parsed and printed here too, so the help overlay shows the real bindings.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Ctrl+C: in raw mode a key, not a signal. Every screen takes it as "leave" (even one
/// too small to use), and a text field passes it on instead of typing it.
pub fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// A reader command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    ScrollDown,
    ScrollUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    NextSection,
    PrevSection,
    FocusNext,
    FocusPrev,
    Search,
    NextMatch,
    PrevMatch,
    JumpToSection,
    Activate,
    ToggleSide,
    Glossary,
    Tables,
    Diagram,
    Notes,
    LookUpTerms,
    Bookmark,
    Bookmarks,
    StartQuiz,
    NextChapter,
    PrevChapter,
    Help,
    Quit,
}

/// Every action with its config name and what the help overlay says it does.
pub const ACTIONS: &[(Action, &str, &str)] = &[
    (Action::ScrollDown, "scroll_down", "line down"),
    (Action::ScrollUp, "scroll_up", "line up"),
    (Action::PageDown, "page_down", "page down"),
    (Action::PageUp, "page_up", "page up"),
    (Action::HalfPageDown, "half_page_down", "half a page down"),
    (Action::HalfPageUp, "half_page_up", "half a page up"),
    (Action::Top, "top", "top of the chapter"),
    (Action::Bottom, "bottom", "end of the chapter"),
    (Action::NextSection, "next_section", "next section"),
    (Action::PrevSection, "prev_section", "previous section"),
    (Action::FocusNext, "focus_next", "next pane"),
    (Action::FocusPrev, "focus_prev", "previous pane"),
    (Action::Search, "search", "search the chapter"),
    (Action::NextMatch, "next_match", "next match"),
    (Action::PrevMatch, "prev_match", "previous match"),
    (Action::JumpToSection, "jump", "jump to a section by name"),
    (
        Action::Activate,
        "activate",
        "open an insight / answer a check",
    ),
    (
        Action::ToggleSide,
        "toggle_side",
        "show or hide the side panel",
    ),
    (Action::Glossary, "glossary", "glossary tab"),
    (Action::Tables, "tables", "tables tab"),
    (Action::Diagram, "diagram", "diagram tab"),
    (Action::Notes, "notes", "notes tab"),
    (
        Action::LookUpTerms,
        "look_up",
        "look up the terms on this line",
    ),
    (Action::Bookmark, "bookmark", "bookmark this section"),
    (Action::Bookmarks, "bookmarks", "list bookmarks"),
    (Action::StartQuiz, "quiz", "take the chapter's quiz"),
    (Action::NextChapter, "next_chapter", "next chapter"),
    (Action::PrevChapter, "prev_chapter", "previous chapter"),
    (Action::Help, "help", "this help"),
    (Action::Quit, "quit", "quit (position is saved)"),
];

const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::ScrollDown, &["j", "Down"]),
    (Action::ScrollUp, &["k", "Up"]),
    (Action::PageDown, &["PageDown", "Space", "f"]),
    (Action::PageUp, &["PageUp", "b"]),
    (Action::HalfPageDown, &["d", "Ctrl+d"]),
    (Action::HalfPageUp, &["u", "Ctrl+u"]),
    (Action::Top, &["g", "Home"]),
    (Action::Bottom, &["G", "End"]),
    (Action::NextSection, &["]"]),
    (Action::PrevSection, &["["]),
    (Action::FocusNext, &["Tab"]),
    (Action::FocusPrev, &["BackTab"]),
    (Action::Search, &["/"]),
    (Action::NextMatch, &["n"]),
    (Action::PrevMatch, &["N"]),
    (Action::JumpToSection, &["o"]),
    (Action::Activate, &["Enter"]),
    (Action::ToggleSide, &["s"]),
    (Action::Glossary, &["1"]),
    (Action::Tables, &["2"]),
    (Action::Diagram, &["3"]),
    (Action::Notes, &["4"]),
    (Action::LookUpTerms, &["t"]),
    (Action::Bookmark, &["m"]),
    (Action::Bookmarks, &["'"]),
    (Action::StartQuiz, &["Q"]),
    (Action::NextChapter, &[">"]),
    (Action::PrevChapter, &["<"]),
    (Action::Help, &["?", "F1"]),
    (Action::Quit, &["q", "Esc"]),
];

/// A key as written in the config and the help: "j", "Ctrl+d", "PageDown", "Space".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// Parses a key name; `None` if it is not one.
    pub fn parse(name: &str) -> Option<Self> {
        let (modifiers, rest) = if let Some(rest) = name.strip_prefix("Ctrl+") {
            (KeyModifiers::CONTROL, rest)
        } else if let Some(rest) = name.strip_prefix("Alt+") {
            (KeyModifiers::ALT, rest)
        } else {
            (KeyModifiers::NONE, name)
        };
        let code = match rest {
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Space" => KeyCode::Char(' '),
            f if f.starts_with('F') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
            _ => return None,
        };
        Some(Self { code, modifiers })
    }

    fn matches(&self, event: &KeyEvent) -> bool {
        if self.code != event.code {
            return false;
        }
        // Shifted characters arrive with SHIFT on some terminals: the character decides.
        let relevant = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        relevant == self.modifiers
    }
}

/// The bindings in force.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<(Action, Vec<(String, Key)>)>,
}

impl Default for KeyMap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .map(|(action, names)| {
                let keys = names
                    .iter()
                    .filter_map(|n| Key::parse(n).map(|k| ((*n).to_string(), k)))
                    .collect();
                (*action, keys)
            })
            .collect();
        Self { bindings }
    }
}

impl KeyMap {
    /// The action a key press means, if any.
    pub fn action(&self, event: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.iter().any(|(_, k)| k.matches(event)))
            .map(|(a, _)| *a)
    }

    /// Replaces the keys of one action (from the config file).
    pub fn bind(&mut self, action: Action, keys: Vec<(String, Key)>) {
        for (a, existing) in &mut self.bindings {
            if *a == action {
                *existing = keys;
                return;
            }
        }
        self.bindings.push((action, keys));
    }

    /// The key names of an action, for help text ("j/Down").
    pub fn names(&self, action: Action) -> String {
        self.bindings
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, keys)| {
                keys.iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default()
    }
}

/// The action named `name` in the config file.
pub fn action_named(name: &str) -> Option<Action> {
    ACTIONS
        .iter()
        .find(|(_, n, _)| *n == name)
        .map(|(a, _, _)| *a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn defaults_cover_every_action_and_parse() {
        let map = KeyMap::default();
        for (action, name, _) in ACTIONS {
            assert!(!map.names(*action).is_empty(), "{name} has no key");
            assert_eq!(action_named(name), Some(*action));
        }
        assert_eq!(
            map.action(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            Some(Action::ScrollDown)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('x'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn rebinding_replaces_the_keys() {
        let mut map = KeyMap::default();
        map.bind(
            Action::ScrollDown,
            vec![("x".into(), Key::parse("x").expect("key"))],
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('x'), KeyModifiers::NONE)),
            Some(Action::ScrollDown)
        );
        assert_eq!(
            map.action(&press(KeyCode::Char('j'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(map.names(Action::ScrollDown), "x");
    }

    #[test]
    fn key_names_parse() {
        assert!(Key::parse("F12").is_some());
        assert!(Key::parse("Ctrl+x").is_some());
        assert!(Key::parse("Hyper+x").is_none());
        assert!(Key::parse("").is_none());
    }
}

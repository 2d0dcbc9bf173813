//! Colours and emphasis for every screen, in one place. Renderer roles and the UI's own
//! elements map to ratatui styles here; the monochrome theme (NO_COLOR, TERM=dumb) keeps
//! every distinction with bold, underline, italic and reverse alone.

use ratatui::style::{Color, Modifier, Style};

use crate::content::CalloutKind;
use crate::render::diagram::Part;
use crate::render::{self, Role};

/// The named themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    HighContrast,
    Mono,
}

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub name: ThemeName,
    accent: Color,
    heading: Color,
    good: Color,
    bad: Color,
    warn: Color,
    muted: Color,
    math: Color,
    code: Color,
}

impl Theme {
    pub fn new(name: ThemeName) -> Self {
        let dark = Self {
            name,
            accent: Color::Cyan,
            heading: Color::LightBlue,
            good: Color::Green,
            bad: Color::Red,
            warn: Color::Yellow,
            muted: Color::DarkGray,
            math: Color::Magenta,
            code: Color::Green,
        };
        match name {
            ThemeName::Dark | ThemeName::Mono => dark,
            ThemeName::Light => Self {
                accent: Color::Blue,
                heading: Color::Blue,
                good: Color::Green,
                bad: Color::Red,
                warn: Color::Magenta,
                muted: Color::Gray,
                math: Color::Magenta,
                code: Color::Green,
                ..dark
            },
            ThemeName::HighContrast => Self {
                accent: Color::LightCyan,
                heading: Color::White,
                good: Color::LightGreen,
                bad: Color::LightRed,
                warn: Color::LightYellow,
                muted: Color::White,
                math: Color::LightMagenta,
                code: Color::LightGreen,
                ..dark
            },
        }
    }

    fn mono(&self) -> bool {
        self.name == ThemeName::Mono
    }

    /// A foreground colour, or nothing in monochrome.
    fn fg(&self, color: Color) -> Style {
        if self.mono() {
            Style::default()
        } else {
            Style::default().fg(color)
        }
    }

    pub fn text(&self) -> Style {
        Style::default()
    }

    pub fn title(&self) -> Style {
        self.fg(self.accent).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self) -> Style {
        self.fg(self.muted)
    }

    pub fn dim(&self) -> Style {
        if self.mono() {
            Style::default().add_modifier(Modifier::DIM)
        } else {
            self.fg(self.muted)
        }
    }

    /// The item under the cursor.
    pub fn selected(&self) -> Style {
        if self.mono() {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            self.fg(self.accent).add_modifier(Modifier::BOLD)
        }
    }

    pub fn good(&self) -> Style {
        self.fg(self.good).add_modifier(Modifier::BOLD)
    }

    pub fn bad(&self) -> Style {
        self.fg(self.bad).add_modifier(Modifier::BOLD)
    }

    pub fn warn(&self) -> Style {
        self.fg(self.warn).add_modifier(Modifier::BOLD)
    }

    /// A day of the activity calendar at shade `level` (0 none to 4 most): greens that
    /// deepen with the level; in monochrome nothing (the calendar then shows digits).
    pub fn heat(&self, level: usize) -> Style {
        let (ramp, strong): ([Color; 5], usize) = match self.name {
            ThemeName::Mono => return Style::default(),
            ThemeName::Dark => (
                [
                    Color::DarkGray,
                    Color::Indexed(22),
                    Color::Indexed(28),
                    Color::Indexed(34),
                    Color::Indexed(46),
                ],
                5,
            ),
            ThemeName::Light => (
                [
                    Color::Gray,
                    Color::Indexed(114),
                    Color::Indexed(71),
                    Color::Indexed(28),
                    Color::Indexed(22),
                ],
                5,
            ),
            ThemeName::HighContrast => (
                [
                    Color::White,
                    Color::Green,
                    Color::Green,
                    Color::LightGreen,
                    Color::LightGreen,
                ],
                2,
            ),
        };
        let style = Style::default().fg(ramp[level.min(4)]);
        if level >= strong {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    /// Key names in help lines.
    pub fn key(&self) -> Style {
        self.fg(self.accent).add_modifier(Modifier::BOLD)
    }

    /// A renderer style (role plus emphasis) as a ratatui style.
    pub fn render_style(&self, style: render::Style) -> Style {
        let mut out = self.role(style.role);
        if style.strong {
            out = out.add_modifier(Modifier::BOLD);
        }
        if style.emph {
            out = out.add_modifier(Modifier::ITALIC);
        }
        if style.link {
            out = out.add_modifier(Modifier::UNDERLINED);
        }
        if style.strike {
            out = out.add_modifier(Modifier::CROSSED_OUT);
        }
        out
    }

    fn role(&self, role: Role) -> Style {
        match role {
            Role::Body => Style::default(),
            Role::Title => self.title(),
            Role::Heading => self.fg(self.heading).add_modifier(Modifier::BOLD),
            Role::Subheading | Role::TableHeader => Style::default().add_modifier(Modifier::BOLD),
            Role::Code => self.fg(self.code),
            Role::Math => self.fg(self.math),
            Role::Term => self.fg(self.warn).add_modifier(Modifier::BOLD),
            Role::Frame | Role::Dim => self.dim(),
            Role::Caption | Role::Hint => Style::default().add_modifier(Modifier::ITALIC),
            Role::CheckLabel => self.fg(self.math).add_modifier(Modifier::BOLD),
            Role::Label(kind) => self.fg(self.callout(kind)).add_modifier(Modifier::BOLD),
            Role::Diagram(part) => self.diagram(part),
        }
    }

    fn callout(&self, kind: CalloutKind) -> Color {
        match kind {
            CalloutKind::Tip => self.good,
            CalloutKind::Warning => self.warn,
            CalloutKind::Caution => self.bad,
            CalloutKind::Important | CalloutKind::Takeaways => self.math,
            CalloutKind::Insight | CalloutKind::Note => self.heading,
            CalloutKind::Example | CalloutKind::Analogy => self.accent,
            CalloutKind::Quote => self.muted,
        }
    }

    fn diagram(&self, part: Part) -> Style {
        match part {
            Part::Frame => self.dim(),
            Part::Arrow => self.fg(self.accent),
            Part::Feedback => self.fg(self.warn).add_modifier(Modifier::BOLD),
            Part::Stage(_) | Part::Share(_) => Style::default().add_modifier(Modifier::BOLD),
            Part::Text => Style::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monochrome_uses_no_colour_but_keeps_emphasis() {
        let theme = Theme::new(ThemeName::Mono);
        for style in [
            theme.title(),
            theme.selected(),
            theme.good(),
            theme.bad(),
            theme.key(),
        ] {
            assert_eq!(style.fg, None);
            assert!(!style.add_modifier.is_empty());
        }
        assert_ne!(theme.selected(), theme.text());
    }
}

//! A deterministic generator of large, valid courses, so the benches (and
//! `examples/bench_fixture.rs`, which writes one to disk for `scripts/bench.sh`) can
//! measure the loader, renderer and reader on far more content than the shipped
//! chapter. Every chapter follows docs/authoring.md: front matter with objectives,
//! `##` sections with ids, `###` subsections, definitions (unique across the course),
//! each callout kind, an in-text check, tables with captions, display and inline math,
//! code, all three diagram kinds and one key-takeaways callout; its quiz has questions of
//! all seven types citing the chapter's sections and objectives. The output is the same
//! on every run (no randomness beyond a fixed-seed generator), so timings compare.

use std::fmt::Write as _;

use mlsys_learn::content::source::SourceFile;

/// The shape of a generated course.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub chapters: usize,
    /// Sections per chapter.
    pub sections: usize,
    /// Body paragraphs per section (the main lever on a chapter's size).
    pub paragraphs: usize,
    pub questions: usize,
}

/// The issue's large course: 200 chapters of about 20 KB, 50 questions each.
pub const LARGE: Shape = Shape {
    chapters: 200,
    sections: 6,
    paragraphs: 1,
    questions: 50,
};

const PARTS: [&str; 6] = [
    "foundations",
    "design-principles",
    "performance-engineering",
    "deployment-operations",
    "trustworthy-ai",
    "frontiers",
];

const WORDS: &[&str] = &[
    "model",
    "data",
    "pipeline",
    "latency",
    "throughput",
    "training",
    "inference",
    "serving",
    "feature",
    "store",
    "gradient",
    "batch",
    "accelerator",
    "memory",
    "bandwidth",
    "kernel",
    "compiler",
    "graph",
    "tensor",
    "quantization",
    "pruning",
    "distillation",
    "cache",
    "replica",
    "shard",
    "cluster",
    "scheduler",
    "checkpoint",
    "drift",
    "monitoring",
    "label",
    "dataset",
    "schema",
    "validation",
    "rollout",
    "canary",
    "budget",
    "energy",
    "power",
    "edge",
    "device",
    "microcontroller",
    "network",
    "request",
    "queue",
    "operator",
    "precision",
    "activation",
    "weight",
    "optimizer",
    "epoch",
    "loss",
    "metric",
    "baseline",
    "experiment",
    "registry",
    "artifact",
    "lineage",
    "version",
    "deployment",
    "container",
    "runtime",
    "profile",
    "bottleneck",
    "utilization",
    "parallelism",
    "pipelining",
    "collective",
    "allreduce",
    "embedding",
    "attention",
    "transformer",
    "convolution",
    "sparsity",
    "compression",
    "privacy",
    "fairness",
    "robustness",
    "security",
    "audit",
    "governance",
    "cost",
    "capacity",
    "autoscaling",
    "observability",
    "trace",
    "log",
    "alert",
    "incident",
    "recovery",
    "retraining",
    "feedback",
    "loop",
    "system",
    "engineer",
    "team",
    "trade-off",
    "constraint",
    "objective",
    "workload",
];

const GLUE: &[&str] = &[
    "the", "a", "of", "to", "and", "in", "for", "with", "on", "by", "that", "when", "while",
    "because", "so", "each", "every", "its", "their", "more", "less", "than", "under", "over",
];

const CALLOUTS: &[&str] = &["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// A fixed-seed linear congruential generator: enough variety, identical on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.next() % from.len()]
    }

    /// A sentence of `words` words, capitalised, with a full stop.
    fn sentence(&mut self, words: usize) -> String {
        let mut out = String::new();
        for i in 0..words {
            let word = if i % 3 == 1 {
                self.pick(GLUE)
            } else {
                self.pick(WORDS)
            };
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(word);
            }
        }
        out.push('.');
        out
    }

    /// A paragraph of about `bytes` bytes, with emphasis, code and inline math, hard
    /// wrapped at about 100 columns like the shipped chapter.
    fn paragraph(&mut self, bytes: usize) -> String {
        let mut text = String::new();
        let mut n = 0;
        while text.len() < bytes {
            let words = 8 + self.next() % 10;
            let mut sentence = self.sentence(words);
            match n % 5 {
                1 => sentence = format!("**{}** {sentence}", self.pick(WORDS)),
                2 => sentence = format!("{sentence} Here `{}` matters.", self.pick(WORDS)),
                3 => sentence = format!("{sentence} It scales as $O(n^2)$ in $x_i$."),
                4 => sentence = format!("*{}* {sentence}", self.pick(WORDS)),
                _ => {}
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&sentence);
            n += 1;
        }
        hard_wrap(&text, 100)
    }
}

/// Breaks `text` into lines of at most `width` bytes at spaces (Markdown soft breaks).
fn hard_wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        if line > 0 && line + 1 + word.len() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

/// Prefixes every line with `prefix` (for blockquotes).
fn quoted(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                prefix.trim_end().to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn slug(number: usize) -> String {
    format!("topic-{number}")
}

fn section_id(chapter: usize, section: usize) -> String {
    format!("c{chapter}-s{section}")
}

fn objective_id(objective: usize) -> String {
    format!("objective-{objective}")
}

fn question_id(chapter: usize, question: usize) -> String {
    format!("c{chapter}-q{question}")
}

/// A glossary term unique across the course (terms are compared case-insensitively).
fn term(chapter: usize, section: usize) -> String {
    let index = chapter * 31 + section * 7;
    let first = WORDS[index % WORDS.len()];
    let second = WORDS[(index / WORDS.len() + section) % WORDS.len()];
    let mut chars = first.chars();
    let head: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{head}{} {second} {chapter}x{section}", chars.as_str())
}

/// The whole course: course.toml, then every chapter and its quiz, as the loader reads them.
pub fn course(shape: Shape) -> Vec<SourceFile> {
    let mut files = vec![SourceFile {
        path: "course.toml".to_string(),
        text: course_toml(),
    }];
    for number in 1..=shape.chapters {
        let stem = format!("{number:02}-{}", slug(number));
        files.push(SourceFile {
            path: format!("chapters/{stem}.md"),
            text: chapter(number, shape),
        });
        files.push(SourceFile {
            path: format!("quizzes/{stem}.toml"),
            text: quiz(number, shape),
        });
    }
    files
}

fn course_toml() -> String {
    let mut out = String::from(
        "title = \"Generated Course\"\ndescription = \"A large generated course for benchmarks.\"\n",
    );
    for (i, id) in PARTS.iter().enumerate() {
        let _ = write!(
            out,
            "\n[[parts]]\nid = \"{id}\"\nnumber = \"{}\"\ntitle = \"Part {}\"\nquestion = \"What does part {} ask?\"\n",
            ["I", "II", "III", "IV", "V", "VI"][i],
            i + 1,
            i + 1
        );
    }
    out
}

fn chapter(number: usize, shape: Shape) -> String {
    let mut rng = Lcg(number as u64 * 0x9E37_79B9);
    let mut out = String::new();
    let _ = writeln!(out, "+++");
    let _ = writeln!(out, "number = {number}");
    let _ = writeln!(out, "slug = \"{}\"", slug(number));
    let _ = writeln!(
        out,
        "title = \"Topic {number}: {}\"",
        rng.sentence(4).trim_end_matches('.')
    );
    let _ = writeln!(out, "part = \"{}\"", PARTS[(number - 1) % PARTS.len()]);
    let _ = writeln!(out, "summary = \"{}\"", rng.sentence(20));
    for objective in 1..=5 {
        let _ = writeln!(
            out,
            "\n[[objectives]]\nid = \"{}\"\ntext = \"{}\"",
            objective_id(objective),
            rng.sentence(12)
        );
    }
    let _ = writeln!(out, "+++\n");
    let _ = writeln!(out, "{}\n", rng.paragraph(400));
    for section in 1..=shape.sections {
        section_text(&mut out, &mut rng, number, section, shape);
    }
    let _ = writeln!(out, "> [!TAKEAWAYS]");
    for _ in 0..5 {
        let _ = writeln!(out, "> - {}", rng.sentence(12));
    }
    out
}

fn section_text(out: &mut String, rng: &mut Lcg, chapter: usize, section: usize, shape: Shape) {
    let term = term(chapter, section);
    let _ = writeln!(
        out,
        "## {} {{#{}}}\n",
        rng.sentence(3).trim_end_matches('.'),
        section_id(chapter, section)
    );
    let _ = writeln!(out, "{}\n", rng.paragraph(300));
    let _ = writeln!(out, "{term}\n: {}\n", rng.sentence(30));
    let _ = writeln!(
        out,
        "Once the {term} is in place, {}\n",
        rng.paragraph(150).to_lowercase()
    );
    for p in 0..shape.paragraphs {
        let _ = writeln!(out, "{}\n", rng.paragraph(300));
        if p == 0 {
            for _ in 0..3 {
                let _ = writeln!(out, "- **{}**: {}", rng.pick(WORDS), rng.sentence(8));
            }
            out.push('\n');
        }
    }
    match section % 3 {
        0 => {
            let _ = writeln!(
                out,
                "| Stage | Activity | Challenge | Tools |\n|---|---|---|---|"
            );
            for row in 0..5 {
                let _ = writeln!(
                    out,
                    "| Stage {row} | {} | {} | {} |",
                    rng.sentence(4),
                    rng.sentence(5),
                    rng.sentence(3)
                );
            }
            let _ = writeln!(out, "\nTable: {} {{#tbl-s{section}}}\n", rng.sentence(6));
        }
        1 => {
            let _ = writeln!(
                out,
                "$$ L = \\frac{{1}}{{N}}\\sum_{{i=1}}^{{N}}(y_i - \\hat{{y}}_i)^2 $$\n"
            );
            let _ = writeln!(
                out,
                "```python\nfor batch in loader:\n    loss = model(batch)\n    loss.backward()\n```\n"
            );
        }
        _ => {}
    }
    match section % 3 {
        0 => {
            let _ = writeln!(
                out,
                "```diagram\nkind = \"cycle\"\nid = \"fig-cycle-{section}\"\ncaption = \"{}\"\nstages = [\"Stage 0\", \"Stage 1\", \"Stage 2\", \"Stage 3\", \"Stage 4\"]\ndetails = \"tbl-s{section}\"\n[feedback]\nfrom = \"Stage 4\"\nto = \"Stage 0\"\nlabel = \"{}\"\n```\n",
                rng.sentence(5).trim_end_matches('.'),
                rng.sentence(4).trim_end_matches('.')
            );
        }
        1 => {
            let _ = writeln!(
                out,
                "```diagram\nkind = \"proportion\"\ncaption = \"{}\"\n[[parts]]\nlabel = \"{}\"\npercent = 30\n[[parts]]\nlabel = \"{}\"\npercent = 70\n```\n",
                rng.sentence(5).trim_end_matches('.'),
                rng.sentence(2).trim_end_matches('.'),
                rng.sentence(6).trim_end_matches('.')
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "```diagram\nkind = \"lanes\"\ncaption = \"{}\"\n[[lanes]]\nname = \"Offline\"\nsteps = [\"Collect\", \"Clean\", \"Train\", \"Register\"]\n[[lanes]]\nname = \"Online\"\nsteps = [\"Request\", \"Features\", \"Serve\", \"Answer\"]\n[[links]]\nfrom = \"Register\"\nto = \"Serve\"\nlabel = \"deploy\"\n```\n",
                rng.sentence(5).trim_end_matches('.')
            );
        }
    }
    let _ = writeln!(
        out,
        "### {} {{#c{chapter}-s{section}-sub}}\n",
        rng.sentence(3).trim_end_matches('.')
    );
    let _ = writeln!(out, "{}\n", rng.paragraph(250));
    let kind = CALLOUTS[(chapter + section) % CALLOUTS.len()];
    let _ = writeln!(out, "> [!{kind}]\n{}\n", quoted(&rng.paragraph(200), "> "));
    if section % 2 == 1 {
        let _ = writeln!(
            out,
            "> [!INSIGHT] {}\n{}\n>\n> > [!ANALOGY]\n{}\n",
            rng.sentence(10),
            quoted(&rng.paragraph(200), "> "),
            quoted(&rng.paragraph(150), "> > ")
        );
    } else {
        let _ = writeln!(
            out,
            "> [!EXAMPLE] {}\n{}\n",
            rng.sentence(8).trim_end_matches('.'),
            quoted(&rng.paragraph(200), "> ")
        );
    }
    // A check on the section's first question (questions go round-robin over sections).
    let _ = writeln!(
        out,
        "> [!CHECK] {}\n> {}\n",
        question_id(chapter, section),
        rng.sentence(14)
    );
}

fn quiz(chapter: usize, shape: Shape) -> String {
    let mut rng = Lcg(chapter as u64 * 0x85EB_CA6B + 7);
    let mut out = format!("chapter = \"{}\"\n", slug(chapter));
    for q in 1..=shape.questions {
        let section = (q - 1) % shape.sections + 1;
        let objective = (q - 1) % 5 + 1;
        let _ = write!(
            out,
            "\n[[questions]]\nid = \"{}\"\n",
            question_id(chapter, q)
        );
        let words: Vec<String> = (0..6).map(|i| format!("{} {i}", rng.pick(WORDS))).collect();
        let (kind, prompt, keys) = match q % 7 {
            0 => (
                "single",
                rng.sentence(16),
                format!(
                    "answer = \"{}\"\ndistractors = [\"{}\", \"{}\", \"{}\"]\n",
                    words[0], words[1], words[2], words[3]
                ),
            ),
            1 => (
                "multiple",
                rng.sentence(16),
                format!(
                    "answers = [\"{}\", \"{}\"]\ndistractors = [\"{}\", \"{}\"]\n",
                    words[0], words[1], words[2], words[3]
                ),
            ),
            2 => ("truefalse", rng.sentence(18), "answer = true\n".to_string()),
            3 => (
                "short",
                rng.sentence(14),
                format!(
                    "answer = \"{}\"\nalternatives = [\"{}\"]\n",
                    words[0], words[1]
                ),
            ),
            4 => (
                "gaps",
                format!("{} ___ and ___ {}", rng.sentence(8), rng.sentence(6)),
                format!(
                    "gaps = [[\"{}\"], [\"{}\", \"{}\"]]\n",
                    words[0], words[1], words[2]
                ),
            ),
            5 => (
                "order",
                rng.sentence(10),
                format!(
                    "items = [\"{}\", \"{}\", \"{}\", \"{}\"]\n",
                    words[0], words[1], words[2], words[3]
                ),
            ),
            _ => (
                "numeric",
                rng.sentence(16),
                "answer = 19.0\ntolerance = 1.0\nunit = \"ms\"\n".to_string(),
            ),
        };
        let hint = rng.sentence(14);
        let explanation = format!("{} {}", rng.sentence(22), rng.sentence(22));
        let _ = write!(
            out,
            "type = \"{kind}\"\nprompt = \"{prompt}\"\nsection = \"{}\"\nobjective = \"{}\"\n{keys}hint = \"{hint}\"\nexplanation = \"{explanation}\"\n",
            section_id(chapter, section),
            objective_id(objective),
        );
    }
    out
}

/// Total bytes of the files.
pub fn bytes(files: &[SourceFile]) -> usize {
    files.iter().map(|f| f.text.len()).sum()
}

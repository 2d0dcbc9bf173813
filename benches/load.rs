//! Loading a course: parse every chapter and quiz and validate the whole, as every
//! command does at start. Measured on the shipped course (what a student waits for) and
//! on a generated course of 200 chapters (about 200 times the bytes), to show that
//! loading grows linearly with the content (target: within 250 times the shipped time),
//! and on its first 100 chapters, which should take half as long.

// A bench that cannot set itself up should stop at once, saying why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mlsys_learn::content::load::{embedded_files, load};
use mlsys_learn::content::source::SourceFile;

#[path = "support/course.rs"]
mod course;

/// Loads `files` and insists they are clean, so the bench measures the normal path.
fn assert_clean(files: &[SourceFile], chapters: usize) {
    let loaded = load(files);
    assert!(
        loaded.diagnostics.is_empty(),
        "the bench course must validate clean: {:?}",
        &loaded.diagnostics[..loaded.diagnostics.len().min(5)]
    );
    assert_eq!(loaded.course.chapters.len(), chapters);
}

fn bench_load(c: &mut Criterion) {
    let shipped = embedded_files();
    assert_clean(&shipped, 1);
    let large = course::course(course::LARGE);
    assert_clean(&large, course::LARGE.chapters);

    let mut group = c.benchmark_group("load");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Bytes(course::bytes(&shipped) as u64));
    group.bench_function("shipped", |b| b.iter(|| load(black_box(&shipped))));
    group.throughput(Throughput::Bytes(course::bytes(&large) as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("large_200_chapters", |b| b.iter(|| load(black_box(&large))));
    // Half the chapters: half the time means linear in the number of chapters.
    let half = course::course(course::Shape {
        chapters: course::LARGE.chapters / 2,
        ..course::LARGE
    });
    assert_clean(&half, course::LARGE.chapters / 2);
    group.throughput(Throughput::Bytes(course::bytes(&half) as u64));
    group.bench_function("large_100_chapters", |b| b.iter(|| load(black_box(&half))));
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);

//! Ranking judged by a reader: for each query, the place a reader would want first, written
//! down before the ranking was tuned. Every one must come first, and so within the first
//! three (the first is what a reader opens with Enter; the next two are what they see).
//!
//! The library: the bundled report (a long bullet outline), a meetup report whose overview
//! touches every topic in one line, and a study group's README with `##` talks. Places of
//! outlines (a list item with items of its own) are places a result points at.

#[path = "../../../tests/support/mod.rs"]
mod support;

use std::fs;

use report_core::content::Library;
use report_core::search::SearchIndex;

const K8S: &str = "2019-03-27-google-cloud-kubernetes-day";
const MEETUP: &str = "2024-06-15-cloud-native-meetup";
const STUDY: &str = "2023/1201-infra-study";

const MEETUP_REPORT: &str = "---
title: \"Cloud Native Meetup Tokyo #42\"
date: 2024-06-15
---

- ログ基盤、CI/CD、コスト最適化の3本立て。懇親会では FinOps や PagerDuty の話題も。

# ログ基盤の作り方

- 山田 太郎

- ログ基盤
  - Fluentd で集約
  - BigQuery に保存
  - 保持期間は90日
- アラート設計
  - Cloud Monitoring でしきい値を設定
  - PagerDuty に通知

# CI/CD を速くする

- 佐藤 花子

- キャッシュ戦略
  - 依存関係のキャッシュ
  - Docker レイヤーキャッシュ
- テストの並列化
  - シャーディング
  - 失敗したテストだけ再実行

# コスト最適化

- 鈴木 一郎

- FinOps の進め方
  - タグ付けの徹底
  - 月次レビュー
- Spot VM の活用
  - 中断に強いバッチ処理
";

const STUDY_README: &str = "# インフラ勉強会 2023

## Terraform 入門

- Terraform の基本
  - plan と apply
  - state の管理

## 監視の話

Prometheus と Grafana で監視する。
";

/// (query, the page a reader wants first, the place on it: a heading's or an outline
/// item's anchor, or none for the page's start).
const JUDGED: &[(&str, &str, Option<&str>)] = &[
    // The bundled report: places of its outlines.
    ("Cloud Nativeとは", "K8S/1", Some("cloud-nativeとは")),
    (
        "サイバーエージェントとk8s",
        "K8S/1",
        Some("サイバーエージェントとk8s"),
    ),
    (
        "オーケストレーションとは",
        "K8S/1",
        Some("オーケストレーションとは"),
    ),
    ("サービスメッシュ", "K8S/4", Some("サービスメッシュ")),
    (
        "マイクロサービスとは",
        "K8S/4",
        Some("マイクロサービスとは"),
    ),
    ("3つのポイント", "K8S/4", Some("3つのポイント")),
    ("データレイク", "K8S/4", Some("データレイク")),
    ("gRPC", "K8S/4", Some("grpc-http2-0")),
    (
        "トラフィックコントロール",
        "K8S/4",
        Some("トラフィックコントロール"),
    ),
    (
        "コンテナのセキュリティ",
        "K8S/2",
        Some("コンテナのセキュリティ"),
    ),
    (
        "ソフトウェアサプライチェーン",
        "K8S/2",
        Some("ソフトウェアサプライチェーン"),
    ),
    (
        "ランタイムセキュリティ",
        "K8S/2",
        Some("ランタイムセキュリティ"),
    ),
    ("GKE On-prem", "K8S/2", Some("gke-on-prem")),
    (
        "Container Native Load Balancing",
        "K8S/2",
        Some("container-native-load-balancing"),
    ),
    ("To be Scalable", "K8S/2", Some("to-be-scalable")),
    ("HPA", "K8S/2", Some("to-be-scalable")),
    ("Regional clusters", "K8S/2", Some("to-be-reliable")),
    ("ロギング", "K8S/2", Some("ロギング")),
    (
        "レガシーシステム運用10年超え",
        "K8S/3",
        Some("レガシーシステム運用10年超え"),
    ),
    ("周囲の理解", "K8S/3", Some("周囲の理解")),
    ("何が標準か", "K8S/3", Some("何が標準か")),
    ("Stackdriver", "K8S/5", Some("stackdriver")),
    ("BigQuery", "K8S/5", Some("bigquery")),
    ("Cloud NAT", "K8S/5", Some("cloud-nat")),
    (
        "Vulnerability scanning",
        "K8S/5",
        Some("vulnerability-scanning"),
    ),
    ("kustomise", "K8S/5", Some("kustomise")),
    ("kubectx", "K8S/5", Some("kubectx")),
    ("Other tools", "K8S/5", Some("other-tools")),
    (
        "Network Endpoint Groups",
        "K8S/5",
        Some("network-endpoint-groups"),
    ),
    // The bundled report: headings.
    ("Containerization", "K8S/1", Some("containerization")),
    ("Orchestration", "K8S/1", Some("orchestration")),
    (
        "マネージドk8sの選定基準",
        "K8S/1",
        Some("マネージドk8sの選定基準"),
    ),
    ("Security", "K8S/2", Some("security")),
    ("Hybrid Cloud", "K8S/2", Some("hybrid-cloud")),
    ("プロジェクト概要", "K8S/3", Some("プロジェクト概要")),
    ("効果", "K8S/3", Some("効果")),
    ("CIのフロー", "K8S/5", Some("ciのフロー")),
    ("CDのフロー", "K8S/5", Some("cdのフロー")),
    ("GKE 新機能の利用", "K8S/5", Some("gke-新機能の利用")),
    // Speakers: the session's start.
    ("青山", "K8S/1", None),
    ("小林 大助", "K8S/3", None),
    // The report itself: its title and overview.
    ("gc_k8sday", "K8S/overview", None),
    ("参加レポート", "K8S/overview", None),
    ("Kubernetes Day", "K8S/overview", None),
    // An overview that touches every topic in one line: the session that treats it wins.
    ("ログ基盤", "MEETUP/1", Some("ログ基盤")),
    ("FinOps", "MEETUP/3", Some("finops-の進め方")),
    ("PagerDuty", "MEETUP/1", Some("アラート設計")),
    ("キャッシュ", "MEETUP/2", Some("キャッシュ戦略")),
    ("Spot VM", "MEETUP/3", Some("spot-vm-の活用")),
    ("Cloud Native Meetup", "MEETUP/overview", None),
    ("佐藤", "MEETUP/2", None),
    // A README of `##` talks.
    ("plan と apply", "STUDY/1", Some("terraform-の基本")),
    ("Grafana", "STUDY/2", None),
];

fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let bundled = support::bundled_content()
        .join("_posts")
        .join(support::BUNDLED_REPORT);
    fs::copy(bundled, dir.path().join(format!("{K8S}.md"))).unwrap();
    fs::write(dir.path().join(format!("{MEETUP}.md")), MEETUP_REPORT).unwrap();
    fs::create_dir_all(dir.path().join(STUDY)).unwrap();
    fs::write(dir.path().join(STUDY).join("README.md"), STUDY_README).unwrap();
    let library = Library::load(dir.path()).unwrap();
    assert!(library.problems.is_empty(), "{:?}", library.problems);
    (dir, library)
}

fn page(written: &str) -> String {
    written
        .replace("K8S", K8S)
        .replace("MEETUP", MEETUP)
        .replace("STUDY", STUDY)
}

#[test]
fn each_judged_query_finds_the_place_a_reader_wants_first() {
    assert!(JUDGED.len() >= 40);
    let (_dir, library) = library();
    let index = SearchIndex::build_in_ram(&library).unwrap();
    let mut wrong = Vec::new();
    for &(query, want_page, want_anchor) in JUDGED {
        let want = (page(want_page), want_anchor.map(str::to_owned));
        let hits = index.search(query, 3).unwrap();
        let got: Vec<(String, Option<String>)> = hits
            .iter()
            .map(|hit| {
                let page = hit
                    .session_id
                    .clone()
                    .unwrap_or_else(|| format!("{}/overview", hit.report));
                (page, hit.anchor.clone())
            })
            .collect();
        if got.first() != Some(&want) {
            let in_top_three = got.contains(&want);
            wrong.push(format!(
                "{query}: want {want:?}{}, got {got:?}",
                if in_top_three {
                    " (2nd or 3rd)"
                } else {
                    " (not in the top 3)"
                }
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} queries not first:\n{}",
        wrong.len(),
        JUDGED.len(),
        wrong.join("\n")
    );
}

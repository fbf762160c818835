//! Images alongside the text: placeholders for missing ones, real ones, the viewer.

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::Locator;
use serde_json::json;

use crate::driver::{
    click, close_viewer, eval, open_session, type_keys, wait_for, wait_until, Driver,
};
use crate::support::{TempContent, BUNDLED_TITLES};

// The bundled report ships the trail map it showed (2000 × 2319); the landscape is not
// available and keeps its placeholder.
#[tokio::test]
async fn the_first_session_shows_the_trail_map_and_the_landscapes_placeholder() {
    let driver = Driver::start();
    let client = driver.launch(&[]).await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    let missing = client
        .find_all(Locator::Css("#image-panel .image-card.missing"))
        .await
        .unwrap();
    assert_eq!(missing.len(), 1);
    let shown = missing[0].text().await.unwrap();
    assert!(
        shown.contains("Image not included in this report"),
        "{shown}"
    );
    assert!(shown.contains("CNCF landscape"), "{shown}");
    assert!(
        shown.contains("/images/20190327_gc_k8sday/cncf-landscape.png"),
        "{shown}"
    );
    // The trail map, in the panel and in the text, loaded from the content folder.
    let loaded = "return [...document.querySelectorAll('#image-panel img, #page-content img')]\
                  .map(img => img.complete ? [img.alt, img.naturalWidth, img.naturalHeight] : null)";
    wait_until(
        &client,
        loaded,
        json!([
            ["CNCF trail map", 2000, 2319],
            ["CNCF trail map", 2000, 2319]
        ]),
    )
    .await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#page-content .image-missing').length"
        )
        .await,
        json!(1)
    );

    // In the viewer its small print can be made readable: zoomed in up to eight times
    // the fitted size, which is larger than the image's own pixels.
    client
        .find(Locator::Css("#image-panel .image-card:not(.missing)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&client, "#lightbox:not([hidden]) .lightbox-stage img").await;
    for _ in 0..12 {
        type_keys(&client, "+").await;
    }
    wait_until(
        &client,
        "return document.querySelector('#lightbox').dataset.scale",
        json!("8.00"),
    )
    .await;
    let magnified = eval(
        &client,
        "const img = document.querySelector('#lightbox .lightbox-stage img'); \
         return img.getBoundingClientRect().width / img.naturalWidth",
    )
    .await;
    assert!(magnified.as_f64().unwrap() > 1.0, "{magnified}");
    close_viewer(&client).await;

    // The landscape's placeholder opens in the viewer too, and Esc closes it.
    missing[0].click().await.unwrap();
    wait_for(&client, "#lightbox:not([hidden]) .image-placeholder").await;
    close_viewer(&client).await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_real_image_is_shown_zoomed_panned_and_closed() {
    let content = TempContent::with_bundled_report();
    content.write_png("images/20190327_gc_k8sday/cncf-trail-map.png", 64, 48);
    let driver = Driver::start();
    let client = driver
        .launch(&["--content", content.path().to_str().unwrap()])
        .await;
    open_session(&client, 1, BUNDLED_TITLES[0]).await;
    wait_until(
        &client,
        "const img = document.querySelector('#image-panel img'); return img ? img.complete && img.naturalWidth : null",
        json!(64),
    )
    .await;
    assert_eq!(
        eval(
            &client,
            "return document.querySelectorAll('#image-panel .image-card.missing').length"
        )
        .await,
        json!(1)
    );
    wait_until(
        &client,
        "const img = document.querySelector('#page-content img.report-image'); return img ? img.naturalHeight : null",
        json!(48),
    )
    .await;
    client
        .find(Locator::Css("#image-panel .image-card:not(.missing)"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let picture = wait_for(&client, "#lightbox:not([hidden]) img").await;
    click(&client, "#lightbox [data-action=zoom-in]").await;
    wait_until(
        &client,
        "return document.querySelector('#lightbox').dataset.scale",
        json!("1.25"),
    )
    .await;
    // Drag the picture: it moves with the pointer.
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: picture,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(std::time::Duration::from_millis(200)),
            x: 60.0,
            y: 30.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(drag).await.unwrap();
    wait_until(
        &client,
        "return document.querySelector('#lightbox img').style.transform",
        json!("translate(60px, 30px) scale(1.25)"),
    )
    .await;
    // After the drag the keys still work, wherever the focus went: `0` fits, Esc closes.
    type_keys(&client, "0").await;
    wait_until(
        &client,
        "return document.querySelector('#lightbox').dataset.scale",
        json!("1.00"),
    )
    .await;
    close_viewer(&client).await;
    client.close().await.unwrap();
}

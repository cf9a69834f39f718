//! Secrets: kept once, the same for every caller after.

use super::race;
use crate::Secrets;

/// The first value offered is kept; a later offer gets it back; another name keeps its own.
pub async fn a_secret_is_kept_once_and_returned_after<S: Secrets>(store: &S) {
    let first = store.kept_secret("key", vec![1, 2, 3]).await.expect("kept");
    let second = store.kept_secret("key", vec![9]).await.expect("read back");
    let other = store.kept_secret("other", vec![7, 7]).await.expect("kept");

    assert_eq!(first, [1, 2, 3]);
    assert_eq!(second, [1, 2, 3]);
    assert_eq!(other, [7, 7]);
}

/// Of eight callers offering eight values at once, all get the one kept.
pub async fn of_concurrent_offers_of_a_secret_one_is_kept<S: Secrets + Sync>(store: &S) {
    let got = race(8, |i| {
        store.kept_secret("raced", vec![u8::try_from(i).unwrap_or(u8::MAX); 4])
    });

    let kept: Vec<Vec<u8>> = got.into_iter().map(|result| result.expect("kept")).collect();
    assert!(kept.windows(2).all(|pair| pair[0] == pair[1]), "{kept:?}");
    assert_eq!(store.kept_secret("raced", vec![0]).await.expect("read back"), kept[0]);
}

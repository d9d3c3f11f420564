use std::time::Instant;
fn main() {
    let url = std::env::args().nth(1).unwrap();
    let q = std::env::args().nth(2).unwrap_or("SELECT 1".into());
    let mut c = lobbydesk::store::server::connect(&url).unwrap();
    let s = c.prepare(&q).unwrap();
    for _ in 0..200 {
        c.query(&s, &[]).unwrap();
    }
    let n = 3000;
    let mut v = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        c.query(&s, &[]).unwrap();
        v.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{q}: p50 {:.3} p99 {:.3} mean {:.3}",
        v[n / 2],
        v[n * 99 / 100],
        v.iter().sum::<f64>() / n as f64
    );
}

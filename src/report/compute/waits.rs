//! The waits' histogram of closed-day figures: whole seconds per service,
//! added up over days and kept as compact bytes.

use std::collections::BTreeMap;

use crate::store::report::WaitBin;

/// Waits in whole seconds per service: a dense count per second up to a
/// day, a map beyond.
#[derive(Default)]
pub(super) struct Histogram {
    by_service: BTreeMap<String, (Vec<i64>, BTreeMap<i64, i64>)>,
}

const DENSE: i64 = 86_400;

impl Histogram {
    pub(super) fn add(&mut self, service: &str, secs: i64, count: i64) {
        let (dense, sparse) = match self.by_service.get_mut(service) {
            Some(e) => e,
            None => self.by_service.entry(service.to_string()).or_default(),
        };
        if (0..DENSE).contains(&secs) {
            let i = secs as usize;
            if dense.len() <= i {
                dense.resize(i + 1, 0);
            }
            dense[i] += count;
        } else {
            *sparse.entry(secs).or_default() += count;
        }
    }

    /// The bins by service and seconds, as the waits' statement returns them.
    pub(super) fn bins(&self) -> Vec<WaitBin> {
        let mut out = Vec::new();
        for (service, (dense, sparse)) in &self.by_service {
            let low = dense
                .iter()
                .enumerate()
                .filter(|(_, n)| **n != 0)
                .map(|(s, n)| (s as i64, *n));
            let high = sparse
                .iter()
                .filter(|(_, n)| **n != 0)
                .map(|(s, n)| (*s, *n));
            out.extend(low.chain(high).map(|(secs, count)| WaitBin {
                service: service.clone(),
                secs,
                count,
            }));
        }
        out
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// The waits' bins (sorted by service, then seconds, as the statement
/// returns them) as bytes: per service its letter's length and bytes, the
/// number of bins, then each bin's seconds (as the step from the previous
/// bin's, zigzag) and count, all as varints.
pub fn encode_waits(bins: &[WaitBin]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bins.len() {
        let service = &bins[i].service;
        let n = bins[i..]
            .iter()
            .take_while(|b| &b.service == service)
            .count();
        put_varint(&mut out, service.len() as u64);
        out.extend_from_slice(service.as_bytes());
        put_varint(&mut out, n as u64);
        let mut prev = 0i64;
        for b in &bins[i..i + n] {
            let step = b.secs - prev;
            put_varint(&mut out, ((step << 1) ^ (step >> 63)) as u64);
            put_varint(&mut out, b.count as u64);
            prev = b.secs;
        }
        i += n;
    }
    out
}

/// The bins of [`encode_waits`]'s bytes, or `None` when they do not read.
pub fn decode_waits(bytes: &[u8]) -> Option<Vec<(&str, i64, i64)>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let len = usize::try_from(get_varint(bytes, &mut at)?).ok()?;
        let service = std::str::from_utf8(bytes.get(at..at.checked_add(len)?)?).ok()?;
        at += len;
        let n = get_varint(bytes, &mut at)?;
        let mut secs = 0i64;
        for _ in 0..n {
            let z = get_varint(bytes, &mut at)?;
            secs += ((z >> 1) as i64) ^ -((z & 1) as i64);
            let count = i64::try_from(get_varint(bytes, &mut at)?).ok()?;
            out.push((service, secs, count));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_back_as_written() {
        let bins: Vec<WaitBin> = [("A", 0, 3), ("A", 7, 1), ("A", 200_000, 2), ("V", 5, 9)]
            .iter()
            .map(|&(s, secs, count)| WaitBin {
                service: s.to_string(),
                secs,
                count,
            })
            .collect();
        let bytes = encode_waits(&bins);
        let back: Vec<WaitBin> = decode_waits(&bytes)
            .unwrap()
            .into_iter()
            .map(|(s, secs, count)| WaitBin {
                service: s.to_string(),
                secs,
                count,
            })
            .collect();
        assert_eq!(back, bins);
        assert!(decode_waits(&bytes[..bytes.len() - 1]).is_none());
        let mut h = Histogram::default();
        for _ in 0..2 {
            for (s, secs, n) in decode_waits(&bytes).unwrap() {
                h.add(s, secs, n);
            }
        }
        let twice: Vec<i64> = h.bins().iter().map(|b| b.count).collect();
        assert_eq!(twice, vec![6, 2, 4, 18]);
    }
}

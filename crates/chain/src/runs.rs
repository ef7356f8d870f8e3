//! FIFO/LIFO queues of value for the dense sweeps, two cache lines each while short.
//!
//! A node's queue is a sequence of runs, each clean or tainted. Adjacent runs of the same kind
//! are merged (taint has one origin per unit in a dense sweep, so merged runs split exactly as
//! separate ones would), so kinds alternate and a queue is the kind of its front run and the
//! lengths of its runs. Up to seven runs live in a 128-byte block of their own, which the
//! sweep prefetches a few transfers before it needs them; a longer queue spills into a deque
//! of lengths. (On the 100-million-transfer benchmark graph, fewer than 0.3% of the queues
//! spill; with three runs to a 64-byte line, 17% did.)

use std::collections::VecDeque;

/// A run of value: its length and whether it is tainted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) len: u128,
    pub(crate) tainted: bool,
}

const INLINE: usize = 7;

/// One queue: a ring of up to seven run lengths, or the index of its spilled deque.
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C, align(128))]
pub(crate) struct Line {
    lens: [u128; INLINE],
    /// Ring start (inline queues).
    head: u32,
    /// Number of runs (inline queues).
    len: u32,
    /// 1 if the front run is tainted.
    front_tainted: u32,
    /// Index, plus one, of the deque holding the whole queue; 0: inline.
    spill: u32,
}

/// Every queue of a sweep, with free lists.
#[derive(Default)]
pub(crate) struct Queues {
    lines: Vec<Line>,
    free: Vec<u32>,
    spills: Vec<VecDeque<u128>>,
    free_spills: Vec<u32>,
}

/// A queue's index in [`Queues`].
pub(crate) type QueueId = u32;

impl Queues {
    /// A new empty queue.
    pub(crate) fn open(&mut self) -> QueueId {
        let line = Line {
            lens: [0; INLINE],
            head: 0,
            len: 0,
            front_tainted: 0,
            spill: 0,
        };
        match self.free.pop() {
            Some(q) => {
                self.lines[q as usize] = line;
                q
            }
            None => {
                self.lines.push(line);
                self.lines.len() as QueueId - 1
            }
        }
    }

    /// Free a queue (its runs are dropped).
    pub(crate) fn close(&mut self, q: QueueId) {
        let spill = self.lines[q as usize].spill;
        if spill != 0 {
            let d = &mut self.spills[spill as usize - 1];
            d.clear();
            if d.capacity() > 64 {
                d.shrink_to(8);
            }
            self.free_spills.push(spill - 1);
        }
        self.free.push(q);
    }

    /// Ask for the queue's lines ahead of use.
    #[inline]
    pub(crate) fn prefetch(&self, q: QueueId) {
        let l = &self.lines[q as usize];
        crate::fast::prefetch(&l.lens[0]);
        crate::fast::prefetch(&l.lens[4]);
    }

    fn count(&self, q: QueueId) -> usize {
        let l = &self.lines[q as usize];
        if l.spill != 0 {
            self.spills[l.spill as usize - 1].len()
        } else {
            l.len as usize
        }
    }

    /// The kind of the run `k` places from the front.
    fn kind(&self, q: QueueId, k: usize) -> bool {
        (self.lines[q as usize].front_tainted != 0) ^ (k % 2 == 1)
    }

    /// The length of the run `k` places from the front.
    fn at(&mut self, q: QueueId, k: usize) -> &mut u128 {
        let l = &mut self.lines[q as usize];
        if l.spill != 0 {
            &mut self.spills[l.spill as usize - 1][k]
        } else {
            &mut l.lens[(l.head as usize + k) % INLINE]
        }
    }

    fn pop_front(&mut self, q: QueueId) {
        let l = &mut self.lines[q as usize];
        l.front_tainted ^= 1;
        if l.spill != 0 {
            self.spills[l.spill as usize - 1].pop_front();
        } else {
            l.head = (l.head + 1) % INLINE as u32;
            l.len -= 1;
        }
    }

    fn pop_back(&mut self, q: QueueId) {
        let l = &mut self.lines[q as usize];
        if l.spill != 0 {
            self.spills[l.spill as usize - 1].pop_back();
        } else {
            l.len -= 1;
        }
    }

    /// Append a run of a kind other than the back run's.
    fn append(&mut self, q: QueueId, len: u128) {
        let l = &mut self.lines[q as usize];
        if l.spill == 0 && (l.len as usize) < INLINE {
            l.lens[(l.head + l.len) as usize % INLINE] = len;
            l.len += 1;
            return;
        }
        if l.spill == 0 {
            let mut d = match self.free_spills.pop() {
                Some(i) => {
                    l.spill = i + 1;
                    std::mem::take(&mut self.spills[i as usize])
                }
                None => {
                    self.spills.push(VecDeque::new());
                    l.spill = self.spills.len() as u32;
                    VecDeque::new()
                }
            };
            d.extend((0..INLINE).map(|k| l.lens[(l.head as usize + k) % INLINE]));
            self.spills[l.spill as usize - 1] = d;
        }
        self.spills[l.spill as usize - 1].push_back(len);
    }

    /// Add a run at the back, merged into the back run if of the same kind.
    #[inline]
    pub(crate) fn push(&mut self, q: QueueId, run: Run) {
        if run.len == 0 {
            return;
        }
        // Inline queues that stay inline: one line, no other call.
        let l = &mut self.lines[q as usize];
        if l.spill == 0 {
            let n = l.len as usize;
            let head = l.head as usize;
            if n == 0 {
                l.front_tainted = u32::from(run.tainted);
                l.lens[head] = run.len;
                l.len = 1;
                return;
            }
            if (l.front_tainted != 0) ^ n.is_multiple_of(2) == run.tainted {
                let back = &mut l.lens[(head + n - 1) % INLINE];
                *back = back.saturating_add(run.len);
                return;
            }
            if n < INLINE {
                l.lens[(head + n) % INLINE] = run.len;
                l.len += 1;
                return;
            }
        }
        self.push_slow(q, run);
    }

    fn push_slow(&mut self, q: QueueId, run: Run) {
        let n = self.count(q);
        if n == 0 {
            self.lines[q as usize].front_tainted = u32::from(run.tainted);
            self.append(q, run.len);
        } else if self.kind(q, n - 1) == run.tainted {
            let back = self.at(q, n - 1);
            *back = back.saturating_add(run.len);
        } else {
            self.append(q, run.len);
        }
    }

    /// Take `v` from the front (FIFO) or the back (LIFO) into `out`, in the order taken; what
    /// the queue lacks comes out as a clean run and is returned as the shortfall.
    pub(crate) fn consume(&mut self, q: QueueId, v: u128, lifo: bool, out: &mut Vec<Run>) -> u128 {
        let mut need = v;
        while need > 0 {
            let n = self.count(q);
            if n == 0 {
                break;
            }
            let k = if lifo { n - 1 } else { 0 };
            let tainted = self.kind(q, k);
            let len = self.at(q, k);
            if *len <= need {
                need -= *len;
                out.push(Run { len: *len, tainted });
                if lifo {
                    self.pop_back(q);
                } else {
                    self.pop_front(q);
                }
            } else {
                *len -= need;
                out.push(Run { len: need, tainted });
                need = 0;
            }
        }
        if need > 0 {
            out.push(Run {
                len: need,
                tainted: false,
            });
        }
        need
    }

    /// The runs of a queue, front first (for tests).
    #[cfg(test)]
    fn runs(&mut self, q: QueueId) -> Vec<Run> {
        (0..self.count(q))
            .map(|k| Run {
                len: *self.at(q, k),
                tainted: self.kind(q, k),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::Rng;

    /// The plain model: a deque of runs, adjacent runs of one kind merged.
    fn model_push(q: &mut VecDeque<Run>, p: Run) {
        if p.len == 0 {
            return;
        }
        if let Some(b) = q.back_mut() {
            if b.tainted == p.tainted {
                b.len = b.len.saturating_add(p.len);
                return;
            }
        }
        q.push_back(p);
    }

    fn model_consume(q: &mut VecDeque<Run>, v: u128, lifo: bool, out: &mut Vec<Run>) -> u128 {
        let mut need = v;
        while need > 0 {
            let p = if lifo { q.back_mut() } else { q.front_mut() };
            let Some(p) = p else { break };
            if p.len <= need {
                need -= p.len;
                out.push(*p);
                if lifo {
                    q.pop_back();
                } else {
                    q.pop_front();
                }
            } else {
                p.len -= need;
                out.push(Run {
                    len: need,
                    tainted: p.tainted,
                });
                need = 0;
            }
        }
        if need > 0 {
            out.push(Run {
                len: need,
                tainted: false,
            });
        }
        need
    }

    #[test]
    fn queues_match_a_plain_deque_inline_and_spilled() {
        for lifo in [false, true] {
            let mut rng = Rng::new(11 + u64::from(lifo));
            let mut qs = Queues::default();
            let mut ids = Vec::new();
            let mut models = Vec::new();
            for _ in 0..20 {
                ids.push(qs.open());
                models.push(VecDeque::new());
            }
            for step in 0..20_000 {
                let i = rng.below(ids.len() as u64) as usize;
                let (q, m) = (ids[i], &mut models[i]);
                match rng.below(10) {
                    0..=5 => {
                        let run = Run {
                            len: u128::from(rng.below(50)),
                            tainted: rng.below(2) == 1,
                        };
                        qs.push(q, run);
                        model_push(m, run);
                    }
                    6..=8 => {
                        let v = u128::from(rng.below(120));
                        let (mut a, mut b) = (Vec::new(), Vec::new());
                        let sa = qs.consume(q, v, lifo, &mut a);
                        let sb = model_consume(m, v, lifo, &mut b);
                        assert_eq!((sa, &a), (sb, &b), "step {step}");
                    }
                    _ => {
                        qs.close(q);
                        ids[i] = qs.open();
                        m.clear();
                    }
                }
                assert_eq!(qs.runs(ids[i]), Vec::from(models[i].clone()), "step {step}");
            }
            assert!(!qs.spills.is_empty(), "some queue spilled");
        }
    }
}

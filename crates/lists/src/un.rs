//! (reader under construction in a parallel branch)

//! One test binary for the crate (faster to link than one per file).

mod local;
mod s3;
mod samples;
mod upload;

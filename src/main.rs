// glibc's malloc spends a fifth of a large build in locking and consolidation across rayon's
// threads; mimalloc measured faster on the 10,000-article benchmark (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kbpress::cli::main()
}

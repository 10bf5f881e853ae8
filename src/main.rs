fn main() -> std::process::ExitCode {
    kbpress::cli::main()
}

//! The `cable` binary: everything lives in the library; see `cable::cli`.

fn main() -> std::process::ExitCode {
    cable::cli::main()
}

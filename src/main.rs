//! The `az400` binary: everything lives in the library; this only runs the command line.

fn main() -> std::process::ExitCode {
    az400_sprint::cli::run()
}

//! `report-viewer`: the command line, which starts the window when given no command. It
//! links none of the window's libraries (see `report-cli`), so a command starts at once.

fn main() -> std::process::ExitCode {
    report_cli::main()
}

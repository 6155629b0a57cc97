import RediclaimCtl

/// Entry point of `rediclaimctl`; the commands live in `RediclaimCtl` so tests can reach them.
@main
enum Main {
    static func main() async {
        await CtlCommand.main()
    }
}

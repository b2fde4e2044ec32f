package vigil.watchdog.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: exit 0 success, 1 error (fails closed), 2 usage, 3 findings/blocked. */
@Command(
        name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Keeps watch over scheduled automation: did every workflow run, what breaks when someone leaves,",
            "and where do error notifications really go.",
            ""
        },
        subcommands = {
            ServeCommand.class,
            ValidateCommand.class,
            ScheduleCommand.class,
            StatusCommand.class,
            ImpactCommand.class,
            AuditCommand.class,
            SourcesCommand.class,
            DiscoverCommand.class,
            BaselineCommand.class,
            SummaryCommand.class,
            ReloadCommand.class,
            NotifyTestCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit status: 0 ok, 1 error, 2 usage, 3 blocked (impact) or error findings (audit).",
            "Run 'vigil help COMMAND' for a command's options."
        })
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int FINDINGS = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line with the given streams; returns the exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("vigil: " + message(e));
            return ERROR;
        });
        return cli.execute(args);
    }

    private static String message(Exception e) {
        if (e instanceof CliException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (v == null ? "(development build)" : v)};
        }
    }
}

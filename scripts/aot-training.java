// The training workload of the start-up cache (see scripts/langevin): runs each argument as one
// langevin command line, in this one JVM, with its output thrown away.
import dev.langevin.cli.Main;

import java.io.PrintWriter;
import java.io.Writer;

class AotTraining {
    public static void main(String[] commands) {
        PrintWriter discard = new PrintWriter(Writer.nullWriter());
        for (String command : commands) {
            Main.execute(command.split(" "), discard, discard);
        }
    }
}

package dev.langevin.io;

import dev.langevin.cli.Cli;
import dev.langevin.error.InputFileException;
import dev.langevin.report.RunDirectory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.langevin.cli.Cli.langevin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardedDrawsTest {
    @TempDir
    Path dir;

    /** A run's draws.npy cut after chain {@code cut} into two shards, with a manifest, under {@code sharded}. */
    private static void shard(Path npy, Path sharded, int cut) throws IOException {
        Npy.Array all = Npy.read(npy);
        int chains = all.shape()[0];
        int draws = all.shape()[1];
        int dims = all.shape()[2];
        Files.createDirectories(sharded.resolve("shards"));
        int per = draws * dims;
        Npy.write(sharded.resolve("shards/draws-00000.npy"), Arrays.copyOfRange(all.values(), 0, cut * per), cut, draws, dims);
        Npy.write(sharded.resolve("shards/draws-00001.npy"), Arrays.copyOfRange(all.values(), cut * per, chains * per),
                chains - cut, draws, dims);
        Files.writeString(sharded.resolve("manifest.json"), """
                {"format": "langevin-shards-1", "chains": %d, "draws": %d, "dims": %d, "shards": [
                  {"file": "shards/draws-00000.npy", "first_chain": 0, "chains": %d},
                  {"file": "shards/draws-00001.npy", "first_chain": %d, "chains": %d}]}
                """.formatted(chains, draws, dims, cut, cut, chains - cut));
    }

    @Test
    void diagnoseReadsShardsAsTheConcatenatedDraws() throws IOException {
        Path run = dir.resolve("run");
        langevin("run", "--target", "gaussian", "--dim", "3", "--chains", "6", "--steps", "300", "--seed", "11", "--quiet",
                "--out", run.toString());
        Path sharded = dir.resolve("sharded");
        shard(run.resolve("draws.npy"), sharded, 2);

        try (ShardedDraws draws = ShardedDraws.open(sharded); NpyDraws whole = NpyDraws.open(run.resolve("draws.npy"))) {
            assertEquals(6, draws.chains());
            assertEquals(150, draws.draws());
            assertEquals(3, draws.dims());
            assertEquals(2, draws.shards());
            int[] chains = {5, 0, 1, 2, 4};
            double[] a = new double[chains.length * 150];
            double[] b = new double[chains.length * 150];
            draws.read(1, chains, a);
            whole.read(1, chains, b);
            assertArrayEquals(b, a);
            float[][] fa = new float[2][chains.length * 150];
            float[][] fb = new float[2][chains.length * 150];
            draws.read(1, chains, 1, 4, fa);
            whole.read(1, chains, 1, 4, fb);
            assertArrayEquals(fb[0], fa[0]);
            assertArrayEquals(fb[1], fa[1]);
        }

        Path wholeCsv = dir.resolve("whole.csv");
        Path shardCsv = dir.resolve("shards.csv");
        Cli.Result w = langevin("diagnose", run.resolve("draws.npy").toString(), "--superchains", "3", "--csv",
                wholeCsv.toString());
        Cli.Result s = langevin("diagnose", sharded.toString(), "--superchains", "3", "--csv", shardCsv.toString());
        assertEquals(w.status(), s.status(), s.err());
        assertTrue(s.out().contains("6 chains x 150 draws x 3 parameters"), s.out());
        assertEquals(Files.readString(wholeCsv), Files.readString(shardCsv));
        assertEquals(table(w.out()), table(s.out()));
        // and as the run's own summary says
        Cli.Result plain = langevin("diagnose", sharded.toString(), "--csv", shardCsv.toString());
        assertEquals(Files.readString(run.resolve("summary.csv")), Files.readString(shardCsv), plain.err());
    }

    /** The output without its first line (the file's name) and its timing. */
    private static String table(String out) {
        return out.substring(out.indexOf('\n') + 1).replaceAll("diagnostics in [0-9.]+ s", "");
    }

    @Test
    void reportReadsAShardedRunDirectory() throws IOException {
        Path run = dir.resolve("run");
        langevin("run", "--target", "gaussian", "--dim", "2", "--chains", "4", "--steps", "200", "--seed", "3", "--quiet",
                "--out", run.toString());
        Path sharded = dir.resolve("sharded");
        shard(run.resolve("draws.npy"), sharded, 3);
        Files.copy(run.resolve("run.json"), sharded.resolve("run.json"));
        Files.copy(run.resolve("summary.csv"), sharded.resolve("summary.csv"));
        RunDirectory read = RunDirectory.read(sharded);
        RunDirectory original = RunDirectory.read(run);
        assertEquals(original.draws().chains(), read.draws().chains());
        for (int c = 0; c < 4; c++) {
            assertArrayEquals(original.draws().chain(c, 1), read.draws().chain(c, 1));
        }
        Cli.Result r = langevin("report", sharded.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.isRegularFile(sharded.resolve("report.html")));
    }

    @Test
    void inconsistentManifestsAreNamed() throws IOException {
        Path run = dir.resolve("run");
        langevin("run", "--target", "gaussian", "--dim", "2", "--chains", "4", "--steps", "100", "--seed", "3", "--quiet",
                "--out", run.toString());
        Path sharded = dir.resolve("sharded");
        shard(run.resolve("draws.npy"), sharded, 1);
        Path manifest = sharded.resolve("manifest.json");
        String good = Files.readString(manifest);
        Files.writeString(manifest, good.replace("\"first_chain\": 1", "\"first_chain\": 2"));
        InputFileException e = assertThrows(InputFileException.class, () -> ShardedDraws.open(sharded));
        assertTrue(e.getMessage().contains("starts at chain 2"), e.getMessage());
        Files.writeString(manifest, good);
        Files.delete(sharded.resolve("shards/draws-00001.npy"));
        Cli.Result r = langevin("diagnose", sharded.toString());
        assertNotEquals(0, r.status());
        assertTrue(r.err().contains("draws-00001.npy does not exist"), r.err());
    }
}

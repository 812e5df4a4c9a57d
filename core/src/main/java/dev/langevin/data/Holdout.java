package dev.langevin.data;

import dev.langevin.error.InvalidParameterException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * A fixed train/test split of a data set's rows: a seeded shuffle (Fisher-Yates with
 * {@link java.util.Random}, whose sequence the Java specification fixes) whose first
 * round(fraction * N) rows are held out. Both row lists are sorted, so each part keeps the file's order.
 *
 * @param fraction the share of rows held out, in (0, 1)
 * @param seed     the shuffle's seed
 * @param heldOut  the held-out rows (0-based, ascending)
 * @param kept     the training rows (0-based, ascending)
 */
public record Holdout(double fraction, long seed, int[] heldOut, int[] kept) {

    /** The training rows and the held-out rows, standardised alike when asked. */
    public record Parts(Dataset train, Dataset test) {
    }

    /**
     * Splits rows 0 .. rows-1.
     *
     * @throws InvalidParameterException ({@code holdout}) unless both parts have a row
     */
    public static Holdout split(int rows, double fraction, long seed) {
        InvalidParameterException.require(fraction > 0 && fraction < 1, "holdout",
                "The held-out fraction must lie in (0, 1), got " + fraction + ".");
        int n = (int) Math.round(fraction * rows);
        InvalidParameterException.require(n >= 1 && n < rows, "holdout", "Holding out " + fraction + " of " + rows
                + " rows leaves " + (n < 1 ? "no held-out row" : "no training row") + ".");
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] heldOut = Arrays.copyOf(order, n);
        int[] kept = Arrays.copyOfRange(order, n, rows);
        Arrays.sort(heldOut);
        Arrays.sort(kept);
        return new Holdout(fraction, seed, heldOut, kept);
    }

    /**
     * The two parts of {@code all} (not yet standardised); with {@code standardize} the features
     * are centred and scaled by the training rows' means and sds, and the held-out rows by the same.
     */
    public Parts apply(Dataset all, boolean standardize) {
        Dataset train = all.select(kept);
        Dataset test = all.select(heldOut);
        if (standardize) {
            train = train.standardize();
            test = test.standardizeLike(train.featureMeans(), train.featureScales());
        }
        return new Parts(train, test);
    }

    /** SHA-256 of the held-out rows written as decimal numbers joined by commas ("3,17,20"), in hex. */
    public String heldOutHash() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < heldOut.length; i++) {
            text.append(i == 0 ? "" : ",").append(heldOut[i]);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new AssertionError("every Java has SHA-256", impossible);
        }
    }
}

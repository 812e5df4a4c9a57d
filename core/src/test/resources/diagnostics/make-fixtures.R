# Writes the draws and the expected diagnostics that PosteriorAgreementTest checks.
# Run from this directory with R and the posterior package 1.4 (Debian: r-cran-posterior):
#   Rscript make-fixtures.R
# Each fixture NAME gives NAME.draws.csv (iterations x chains, one column per chain) and
# NAME.expected.csv (diagnostic,value; NA where posterior returns NA).
suppressMessages(library(posterior))
stopifnot(packageVersion("posterior") >= "1.4.0")

# Nested R-hat as defined in Margossian et al. (2024), equations 15-19, written here from the
# paper because posterior 1.4 predates its rhat_nested: chains are not split or rank-normalised.
rhat_nested_paper <- function(x, superchain_ids) {
  k_ids <- unique(superchain_ids)
  n <- nrow(x)
  m <- sum(superchain_ids == k_ids[1])
  chain_means <- colMeans(x)
  super_means <- sapply(k_ids, function(k) mean(chain_means[superchain_ids == k]))
  b_nu <- sum((super_means - mean(super_means))^2) / (length(k_ids) - 1)
  w_tilde <- sapply(k_ids, function(k) {
    between <- if (m > 1) var(chain_means[superchain_ids == k]) else 0
    within <- if (n > 1) mean(apply(x[, superchain_ids == k, drop = FALSE], 2, var)) else 0
    between + within
  })
  sqrt(1 + b_nu / mean(w_tilde))
}

ar1 <- function(n, chains, rho) {
  sapply(seq_len(chains), function(i) as.numeric(arima.sim(list(ar = rho), n = n)))
}

set.seed(20240601)
fixtures <- list(
  iid_normal = list(x = matrix(rnorm(4 * 1000), 1000, 4), superchains = c(1, 1, 2, 2)),
  ar1_odd_length = list(x = ar1(1001, 4, 0.9), superchains = NULL),
  many_short = list(x = matrix(rnorm(200 * 10, mean = rep(rnorm(50, sd = 0.3), each = 40)), 10, 200, byrow = FALSE),
                    superchains = rep(1:50, each = 4)),
  very_short = list(x = matrix(rnorm(1000 * 5), 5, 1000), superchains = rep(1:250, each = 4)),
  heavy_tails = list(x = matrix(rcauchy(8 * 500), 500, 8), superchains = rep(1:4, each = 2)),
  stuck_chain = list(x = cbind(matrix(rnorm(3 * 300), 300, 3), rep(0.25, 300)), superchains = NULL),
  shifted_chain = list(x = cbind(ar1(200, 3, 0.5), ar1(200, 1, 0.5) + 2), superchains = c(1, 1, 2, 2)),
  tiny = list(x = matrix(rnorm(2 * 7), 7, 2), superchains = NULL),
  single_chain = list(x = matrix(rgamma(400, shape = 2), 400, 1), superchains = NULL),
  # posterior gives NA for every statistic of draws with a NaN; with an infinity the rank-based
  # R-hat and bulk ESS stay finite (ranks are), while the mean is infinite and sd, MCSE and tail ESS are NA
  with_nan = list(x = replace(matrix(rnorm(4 * 50), 50, 4), 77, NaN), superchains = NULL),
  with_inf = list(x = replace(matrix(rnorm(4 * 50), 50, 4), c(12, 160), Inf), superchains = NULL)
)

for (name in names(fixtures)) {
  x <- fixtures[[name]]$x
  write.table(format(x, digits = 17), paste0(name, ".draws.csv"), sep = ",",
              row.names = FALSE, col.names = FALSE, quote = FALSE)
  q <- quantile2(x, probs = c(0.05, 0.5, 0.95))
  expected <- c(
    rhat = rhat(x), rhat_basic = rhat_basic(x), ess_bulk = ess_bulk(x), ess_tail = ess_tail(x),
    ess_basic = ess_basic(x), mcse_mean = mcse_mean(x), q5 = q[[1]], q50 = q[[2]], q95 = q[[3]],
    mean = mean(x), sd = sd(x)
  )
  ids <- fixtures[[name]]$superchains
  if (!is.null(ids)) {
    expected <- c(expected, rhat_nested = rhat_nested_paper(x, ids))
    writeLines(paste(ids, collapse = ","), paste0(name, ".superchains.csv"))
  }
  write.csv(data.frame(diagnostic = names(expected), value = format(expected, digits = 17)),
            paste0(name, ".expected.csv"), row.names = FALSE, quote = FALSE)
}

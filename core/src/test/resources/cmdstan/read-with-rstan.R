# Reads output_1.csv .. output_C.csv with rstan::read_stan_csv, as a Stan user would, turns the
# fit into posterior draws with posterior::as_draws_df, and writes what they hold:
#   Rscript read-with-rstan.R DIR CHAINS OUT.csv
# OUT.csv has one line "sim,iter,warmup,thin,n_save" with rstan's view of the run, then the
# draws: .chain,.iteration and one column per variable, 17 significant digits.
# Any warning (a header rstan does not understand, a draw count that does not match) is an error.
options(warn = 2)
suppressMessages({
  library(rstan)
  library(posterior)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
chains <- as.integer(args[2])
fit <- read_stan_csv(file.path(dir, sprintf("output_%d.csv", seq_len(chains))))
draws <- as_draws_df(fit)
sim <- fit@sim
lines <- c(paste("sim", sim$iter, sim$warmup, sim$thin, sim$n_save[1], sep = ","))
values <- as.data.frame(draws)
values <- values[, c(".chain", ".iteration", variables(draws))]
body <- apply(values, 1, function(row) paste(sprintf("%.17g", row), collapse = ","))
writeLines(c(lines, paste(names(values), collapse = ","), body), args[3])

ALTER TABLE `votes` ADD `rectify_days` integer;--> statement-breakpoint
CREATE INDEX `vote_results_candidate_idx` ON `vote_results` (`candidate_id`);
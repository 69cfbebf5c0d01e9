-- Hand-edited after drizzle-kit: `ballots` and `vote_voters` are WITHOUT ROWID tables, so neither
-- keeps an insertion order that could link a ballot to the deputy who voted at the same moment.
CREATE TABLE `attendance` (
	`meeting_id` integer NOT NULL,
	`deputy_id` integer NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`meeting_id`, `deputy_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deputy_id`) REFERENCES `deputies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ballots` (
	`id` text PRIMARY KEY NOT NULL,
	`vote_id` integer NOT NULL,
	`body` text NOT NULL,
	`receipt_hash` text NOT NULL,
	FOREIGN KEY (`vote_id`) REFERENCES `votes`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `ballots_vote_idx` ON `ballots` (`vote_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `ballots_receipt_uq` ON `ballots` (`receipt_hash`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`title` text NOT NULL,
	`held_on` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meetings_cycle_idx` ON `meetings` (`cycle_id`);--> statement-breakpoint
CREATE TABLE `opinions` (
	`cycle_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`deputy_id` integer NOT NULL,
	`body` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`candidate_id`, `deputy_id`),
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deputy_id`) REFERENCES `deputies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `opinions_cycle_idx` ON `opinions` (`cycle_id`);--> statement-breakpoint
CREATE TABLE `vote_candidates` (
	`vote_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`vote_id`, `candidate_id`),
	FOREIGN KEY (`vote_id`) REFERENCES `votes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `vote_results` (
	`vote_id` integer NOT NULL,
	`candidate_id` integer NOT NULL,
	`support` integer NOT NULL,
	`against` integer NOT NULL,
	`abstain` integer NOT NULL,
	`passed` integer NOT NULL,
	`rank` integer NOT NULL,
	`elected` integer NOT NULL,
	`tie` integer NOT NULL,
	PRIMARY KEY(`vote_id`, `candidate_id`),
	FOREIGN KEY (`vote_id`) REFERENCES `votes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `vote_voters` (
	`vote_id` integer NOT NULL,
	`deputy_id` integer NOT NULL,
	PRIMARY KEY(`vote_id`, `deputy_id`),
	FOREIGN KEY (`vote_id`) REFERENCES `votes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deputy_id`) REFERENCES `deputies`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`meeting_id` integer NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`parent_vote_id` integer,
	`status` text NOT NULL,
	`places` integer NOT NULL,
	`form` text NOT NULL,
	`max_ticks` integer NOT NULL,
	`base` text NOT NULL,
	`threshold_numerator` integer NOT NULL,
	`threshold_denominator` integer NOT NULL,
	`quorum_numerator` integer NOT NULL,
	`quorum_denominator` integer NOT NULL,
	`allow_equal` integer DEFAULT false NOT NULL,
	`chief_scrutineer` text,
	`scrutineers` text,
	`counters` text,
	`roster_size` integer,
	`present_at_open` integer,
	`frozen_at` integer,
	`opened_at` integer,
	`closed_at` integer,
	`ballots_cast` integer,
	`valid_ballots` integer,
	`invalid_ballots` integer,
	`threshold_base` integer,
	`places_filled` integer,
	`places_tied` integer,
	`shortfall` integer,
	`announcement_no` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `votes_cycle_idx` ON `votes` (`cycle_id`);--> statement-breakpoint
CREATE INDEX `votes_meeting_idx` ON `votes` (`meeting_id`);
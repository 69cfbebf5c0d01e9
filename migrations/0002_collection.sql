CREATE TABLE `candidate_funding` (
	`candidate_id` integer NOT NULL,
	`source` text NOT NULL,
	`amount_yuan` integer NOT NULL,
	PRIMARY KEY(`candidate_id`, `source`),
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`position` integer NOT NULL,
	`name` text NOT NULL,
	`content` text NOT NULL,
	`responsible_unit` text NOT NULL,
	`deadline` text NOT NULL,
	`annual_target` text NOT NULL,
	`location_code` text NOT NULL,
	`location_detail` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `candidates_cycle_idx` ON `candidates` (`cycle_id`,`position`);--> statement-breakpoint
CREATE TABLE `handovers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`report` text NOT NULL,
	`candidate_count` integer NOT NULL,
	`handed_at` integer NOT NULL,
	`handed_by` integer NOT NULL,
	`returned_at` integer,
	`returned_by` integer,
	`return_reason` text,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `handovers_cycle_idx` ON `handovers` (`cycle_id`,`id`);--> statement-breakpoint
CREATE TABLE `notices` (
	`cycle_id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`scope` text NOT NULL,
	`exclusions` text NOT NULL,
	`channels` text NOT NULL,
	`opens_on` text NOT NULL,
	`closes_on` text NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`published_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cycle_id` integer NOT NULL,
	`tracking_no` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`source` text NOT NULL,
	`category` text NOT NULL,
	`title` text NOT NULL,
	`background` text NOT NULL,
	`content` text NOT NULL,
	`location_code` text NOT NULL,
	`location_detail` text,
	`implementer` text,
	`estimate_yuan` integer,
	`funding_source` text,
	`feasibility` text,
	`proposer_name` text,
	`proposer_phone` text,
	`deputy_id` integer,
	`user_id` integer,
	`submitted_at` integer NOT NULL,
	`status` text DEFAULT 'received' NOT NULL,
	`outcome_reason` text,
	`merged_into` integer,
	`candidate_id` integer,
	`decided_by` integer,
	`decided_at` integer,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_tracking_uq` ON `proposals` (`tracking_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_idem_uq` ON `proposals` (`cycle_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `proposals_cycle_idx` ON `proposals` (`cycle_id`,`id`);--> statement-breakpoint
CREATE INDEX `proposals_location_idx` ON `proposals` (`cycle_id`,`location_code`,`id`);--> statement-breakpoint
CREATE INDEX `proposals_category_idx` ON `proposals` (`cycle_id`,`category`,`id`);--> statement-breakpoint
CREATE INDEX `proposals_status_idx` ON `proposals` (`cycle_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `proposals_location_category_idx` ON `proposals` (`cycle_id`,`location_code`,`category`,`id`);
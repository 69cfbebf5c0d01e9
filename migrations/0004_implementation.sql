CREATE TABLE `milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`title` text NOT NULL,
	`due_on` text NOT NULL,
	`done_on` text,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `milestones_candidate_idx` ON `milestones` (`candidate_id`,`due_on`);--> statement-breakpoint
CREATE TABLE `plans` (
	`candidate_id` integer PRIMARY KEY NOT NULL,
	`responsible_unit` text NOT NULL,
	`annual_target` text NOT NULL,
	`published_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `progress_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`candidate_id` integer NOT NULL,
	`reported_on` text NOT NULL,
	`percent` integer NOT NULL,
	`body` text NOT NULL,
	`disbursed` text NOT NULL,
	`disbursed_yuan` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `progress_candidate_idx` ON `progress_reports` (`candidate_id`,`id`);
"""The scheduled jobs' batches (pm_module/jobs.py): queued once while they wait, however often the
scheduler runs. Each job's batching, failures and reruns are tested with the job."""

import frappe
from frappe.utils import today
from frappe.utils.background_jobs import create_job_id, get_job, get_queue

from pm_module.jobs import enqueue_batches
from pm_module.tests.utils import PMTestCase

# a real batch function: the cards do not exist, so a worker that takes the jobs does nothing
METHOD = "pm_module.front_desk.cards.expire_cards"


class TestEnqueueBatches(PMTestCase):
	def test_batches_queued_once_while_they_wait(self):
		names = [f"_Test Card {i}" for i in range(5)]
		frappe.flags.in_test = False  # as the scheduler runs it: queued, not run here
		try:
			first = enqueue_batches(METHOD, names, job_key="_test-jobs", batch_size=2, on_date="2000-01-01")
			again = enqueue_batches(METHOD, names, job_key="_test-jobs", batch_size=2, on_date="2000-01-01")
		finally:
			frappe.flags.in_test = True
		try:
			self.assertEqual((first, again), ([], []))  # nothing was done here
			self.assertEqual(first.job_ids, [f"_test-jobs:{today()}:{i}" for i in range(3)])
			self.assertEqual(again.job_ids, first.job_ids)
			queued = get_queue("long").job_ids
			for i, job_id in enumerate(first.job_ids):
				# in the queue once (or taken by a worker already), with its own part of the records
				self.assertLessEqual(queued.count(create_job_id(job_id)), 1)
				job = get_job(job_id)
				self.assertEqual(job.kwargs["kwargs"]["names"], names[2 * i : 2 * i + 2])
		finally:
			for job_id in first.job_ids:
				if job := get_job(job_id):
					job.delete()

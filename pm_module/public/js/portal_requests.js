// Resident portal requests (报修, 投诉, 放行条): sending a form with its photos, the star rating, and
// the earliest time a resident may choose. Loaded after portal.js by the request pages.
Object.assign(window.pm_portal, {
	// POST a form (multipart, so its photos go along) to a whitelisted method; resolves to its message
	async post_form(method, form) {
		const button = form.querySelector("button[type=submit]");
		if (button) button.disabled = true;
		try {
			const response = await fetch(`/api/method/${method}`, {
				method: "POST",
				body: new FormData(form),
				headers: { "X-Frappe-CSRF-Token": frappe.csrf_token, Accept: "application/json" },
			});
			const json = await response.json().catch(() => ({}));
			if (!response.ok) {
				pm_portal.toast(pm_portal.error_text({ responseJSON: json }), true);
				throw json;
			}
			return json.message;
		} finally {
			if (button) button.disabled = false;
		}
	},

	// a new request's form with photos: checked, sent to `method`, then the new request is shown
	send_request_form(selector, method) {
		const form = document.querySelector(selector);
		form?.addEventListener("submit", async (e) => {
			e.preventDefault();
			if (!pm_portal.check_photos(form.querySelector("input[type=file]"))) return;
			const r = await pm_portal.post_form(method, form);
			window.location.href = `?name=${encodeURIComponent(r.name)}`;
		});
	},

	// datetime-local / date inputs with data-pm-future: nothing before now can be chosen
	set_future_minimums() {
		const pad = (n) => String(n).padStart(2, "0");
		const now = new Date();
		const day = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
		document.querySelectorAll("input[data-pm-future]").forEach((input) => {
			input.min = input.type === "date" ? day : `${day}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
		});
	},

	// check a form's photos before sending: images only, each within the settings' size
	check_photos(input) {
		const max_mb = Number(input.dataset.maxMb || 5);
		const max_count = Number(input.dataset.maxCount || 6);
		const files = Array.from(input.files || []);
		let problem = "";
		if (files.length > max_count) problem = __("Attach at most {0} photos", [max_count]);
		for (const f of files) {
			if (!f.type.startsWith("image/")) problem = __("{0} is not a photo (JPEG, PNG, GIF or WebP)", [f.name]);
			else if (f.size > max_mb * 1024 * 1024)
				problem = __("{0} is larger than {1} MB: take a smaller photo", [f.name, max_mb]);
		}
		input.setCustomValidity(problem);
		if (problem) pm_portal.toast(problem, true);
		return !problem;
	},
});

frappe.ready(() => {
	pm_portal.set_future_minimums();
	document.querySelectorAll("input[type=file][data-max-mb]").forEach((input) =>
		input.addEventListener("change", () => pm_portal.check_photos(input))
	);
});
